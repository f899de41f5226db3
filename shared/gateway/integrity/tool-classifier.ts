/**
 * Classifies one upstream tool: how risky it is and whether its definition shows signs of
 * poisoning. It runs for every tool of every server on every list refresh, so it is pure, runs
 * each rule once over all of a tool's text, and caps how much of any text and schema it reads.
 */
import type { ToolClassification } from '../../contracts/tool-integrity.js';
import { nameWords } from './classify-name.js';
import { riskOfTool } from './classify-risk.js';
import { readSchema } from './classify-schema.js';
import { findPoisoningSigns, scanLimit, type ToolText } from './poisoning-signs.js';
import { readableText } from './poisoning-unicode.js';

/** The parts of a tool definition the classifier reads. */
export interface ClassifiableTool {
  readonly name: string;
  readonly description?: string;
  readonly inputSchema?: unknown;
  readonly annotations?: Record<string, unknown>;
}

/** Schema paths are for people; the deepest ones keep their end, which names the parameter. */
const pathLimit = 48;

function schemaWhere(path: string): string {
  return `schema ${path.length > pathLimit ? `…${path.slice(-pathLimit)}` : path}`;
}

/**
 * A tool's risk level and its signs of poisoning. `suspicious` is true as soon as there is any
 * sign: the tool then starts switched off for every client until a person has looked.
 */
export function classifyTool(tool: ClassifiableTool): ToolClassification {
  const schema = readSchema(tool.inputSchema);
  const description = typeof tool.description === 'string' ? tool.description : '';
  const readableDescription = readableText(description.slice(0, scanLimit));
  const title = tool.annotations?.title;

  // A name is an identifier; read as words it can still carry a phrase (`ignore_prior_rules`).
  const texts: ToolText[] = [{ where: 'name', text: tool.name, readAs: nameWords(tool.name).join(' ') }];
  if (typeof title === 'string') texts.push({ where: 'title', text: title });
  if (description) texts.push({ where: 'description', text: description, readAs: readableDescription });
  for (const { path, text } of schema.texts) texts.push({ where: schemaWhere(path), text });

  const signs = findPoisoningSigns(texts, schema.truncated);
  const risk = riskOfTool({
    name: tool.name,
    scannedDescription: readableDescription,
    annotations: tool.annotations,
    schema,
  });
  return { risk, signs, suspicious: signs.length > 0 };
}
