/**
 * A large synthetic catalog for the search benchmark: tools shaped like real ones (a server
 * prefix, a verb_noun name, a two-sentence description, a few parameters), built from a fixed
 * vocabulary with a seeded generator so every run measures the same catalog.
 */
import type { ToolDefinition } from '../../shared/gateway/upstream/model.js';

const VERBS = [
  'create',
  'list',
  'get',
  'update',
  'delete',
  'search',
  'export',
  'import',
  'sync',
  'archive',
  'restore',
  'share',
  'approve',
  'assign',
  'merge',
  'schedule',
];
const NOUNS = [
  'issue',
  'ticket',
  'invoice',
  'customer',
  'order',
  'file',
  'folder',
  'message',
  'channel',
  'calendar_event',
  'contact',
  'deployment',
  'pipeline',
  'dashboard',
  'report',
  'user',
  'team',
  'project',
  'branch',
  'record',
  'document',
  'spreadsheet',
  'alert',
  'incident',
];
const QUALIFIERS = [
  'by id',
  'with filters',
  'in bulk',
  'for the current user',
  'across workspaces',
  'from the archive',
  'with pagination',
  'as CSV',
];
const PARAMS = [
  'id',
  'query',
  'limit',
  'cursor',
  'workspace',
  'owner',
  'status',
  'title',
  'body',
  'tags',
  'due_date',
  'priority',
];

/** A small deterministic generator (mulberry32). */
function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `count` synthetic tools over `count / 25` servers. */
export function syntheticTools(count: number, seed = 20): ToolDefinition[] {
  const random = seeded(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  return Array.from({ length: count }, (_, index) => {
    const verb = pick(VERBS);
    const noun = pick(NOUNS);
    const server = `svc${Math.floor(index / 25)}`;
    const params = [...new Set([pick(PARAMS), pick(PARAMS), pick(PARAMS)])];
    return {
      name: `${server}__${verb}_${noun}_${index}`,
      description: `${verb[0]!.toUpperCase()}${verb.slice(1)} a ${noun.replace('_', ' ')} ${pick(QUALIFIERS)}. Returns the ${noun.replace('_', ' ')} as JSON with its ${pick(PARAMS)} and ${pick(PARAMS)}.`,
      inputSchema: {
        type: 'object',
        properties: Object.fromEntries(
          params.map((param) => [param, { type: 'string', description: `The ${param.replace('_', ' ')}.` }]),
        ),
        required: [params[0]!],
      },
    };
  });
}

/** Queries over the synthetic vocabulary, as a person might type them. */
export function syntheticQueries(count: number, seed = 7): string[] {
  const random = seeded(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  return Array.from(
    { length: count },
    () => `${pick(VERBS)} the ${pick(NOUNS).replace('_', ' ')} ${pick(QUALIFIERS)}`,
  );
}
