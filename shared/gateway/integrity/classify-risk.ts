/**
 * A tool's risk level from everything it says about itself. Annotations are hints from a server
 * we do not trust, so each reading (annotations, name, description, schema) can only raise the
 * level, never lower it, with one exception: a tool that declares no hints at all and whose name
 * only reads may drop from the cautious default `writes` to `read-only`.
 */
import type { ToolRisk } from '../../contracts/tool-access.js';
import { mostSevereRisk, riskFromAnnotations } from '../access/tool-risk.js';
import { nameWords, readName } from './classify-name.js';
import type { SchemaFacts } from './classify-schema.js';

/** The part of a tool the risk reading needs; the description already normalised for scanning. */
export interface RiskInput {
  readonly name: string;
  readonly scannedDescription: string;
  readonly annotations: Record<string, unknown> | undefined;
  readonly schema: SchemaFacts;
}

const hintKeys = ['readOnlyHint', 'destructiveHint', 'idempotentHint', 'openWorldHint'] as const;

/**
 * Says a destructive verb in the active voice or the passive (`will be permanently deleted`).
 * Past participles alone are left out on purpose: `lists deleted items` or `null-terminated`
 * describe things, not actions. `drop`, `truncate` and `format` need an object, so that a
 * `drop-down` or `formatted output` stay harmless.
 */
const destructivePhrase = new RegExp(
  [
    String.raw`\b(?:delet|remov|eras|wip|purg|overwrit|terminat)(?:e|es|ing)\b`,
    String.raw`\b(?:destroy|kill|shred|uninstall)(?:s|ing)?\b`,
    String.raw`\b(?:drop|truncate)(?:s|ping)?\s+(?:the\s+|a\s+|an\s+|all\s+)?(?:tables?|databases?|collections?|schemas?|indexes|logs?|files?|buckets?)\b`,
    String.raw`\bforce[\s-]push(?:es|ing)?\b`,
    String.raw`\bformat(?:s|ting)?\s+(?:the\s+|a\s+)?(?:disk|drive|partition|volume)s?\b`,
    String.raw`\brm\s+-(?:rf|fr|r)\b`,
    String.raw`\b(?:be|is|are|was|were|been|being|gets?|got)\s+(?:[a-z]{2,20}ly\s+)?(?:deleted|removed|destroyed|erased|wiped|purged|overwritten|uninstalled|dropped|truncated)\b`,
  ].join('|'),
  'gi',
);

/** A negation just before a phrase: `does not delete`, `without removing`, `no internet`. */
const negatedBefore = /(?:\b(?:not|never|no|without|cannot)|n't)\s+$/i;

/** Says the tool talks to the web: fetching pages, making HTTP requests, the internet. */
const webPhrase = new RegExp(
  [
    String.raw`\bweb\s?(?:pages?|sites?|search(?:es)?|content|browser)\b`,
    String.raw`\bwebsites?\b`,
    String.raw`\binternet\b`,
    String.raw`\bhttps?\s+(?:requests?|calls?|endpoints?|apis?)\b`,
    String.raw`\b(?:fetch|download|retriev|crawl|scrap)(?:e|es|ing|s)?\s+(?:\w+\s+){0,3}?(?:from\s+)?(?:an?\s+|the\s+|any\s+)?(?:urls?|remote|online|web)\b`,
    String.raw`\bfrom\s+(?:an?\s+|any\s+|the\s+)?(?:url|remote\s+(?:servers?|hosts?|apis?))\b`,
  ].join('|'),
  'gi',
);

/** The last word of a parameter name that means it takes a web address: `url`, `baseUrl`. */
const webParameterWords = new Set(['url', 'urls', 'uri', 'uris', 'endpoint', 'endpoints', 'href', 'webhook']);

function declaresNoHints(annotations: Record<string, unknown> | undefined): boolean {
  return hintKeys.every((key) => typeof annotations?.[key] !== 'boolean');
}

/** Whether the text says the phrase at least once without negating it. */
function saysUnnegated(phrase: RegExp, text: string): boolean {
  phrase.lastIndex = 0;
  for (let match = phrase.exec(text); match; match = phrase.exec(text)) {
    if (!negatedBefore.test(text.slice(Math.max(0, match.index - 16), match.index))) return true;
  }
  return false;
}

function takesWebAddress(schema: SchemaFacts): boolean {
  if (schema.takesUriFormat) return true;
  return schema.propertyNames.some((property) => webParameterWords.has(nameWords(property).at(-1) ?? ''));
}

/**
 * The annotations' own most severe reading. A server that says both `readOnlyHint` and
 * `destructiveHint` contradicts itself; believe the worse.
 */
function riskOfAnnotations(annotations: Record<string, unknown> | undefined): ToolRisk {
  const baseline = riskFromAnnotations(annotations);
  const open = annotations?.openWorldHint === true ? 'open-world' : baseline;
  return annotations?.destructiveHint === true
    ? mostSevereRisk(baseline, open, 'destructive')
    : mostSevereRisk(baseline, open);
}

/** The most severe reading of a tool's annotations, name, description and schema. */
export function riskOfTool(tool: RiskInput): ToolRisk {
  const name = readName(tool.name);
  const destructive = saysUnnegated(destructivePhrase, tool.scannedDescription);
  const reachesWeb =
    name.reachesWeb || saysUnnegated(webPhrase, tool.scannedDescription) || takesWebAddress(tool.schema);

  // Only a tool that declares nothing gets the benefit of its name; one that declares anything
  // has told us what it does, and we take it at its worst.
  const baseline =
    declaresNoHints(tool.annotations) && name.readsOnly && !destructive
      ? 'read-only'
      : riskOfAnnotations(tool.annotations);

  const readings: ToolRisk[] = [baseline];
  if (name.risk) readings.push(name.risk);
  if (destructive) readings.push('destructive');
  if (reachesWeb) readings.push('open-world');
  return mostSevereRisk(baseline, ...readings);
}
