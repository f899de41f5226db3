/**
 * Trimmed tool definitions for `full` mode with `trimmed: true`: long descriptions cut to a
 * budget, and schema annotations that only explain (examples, comments, long enum descriptions)
 * left out. Validation keywords are never touched, so a trimmed tool accepts exactly the
 * arguments the original does and a call means the same thing. A cut ends in "…"; the full text
 * stays reachable through the search tool (listed beside trimmed tools), which answers with the
 * untrimmed definitions.
 */
import type { ToolDefinition } from '../../upstream/model.js';

/** Characters a tool's description may keep. */
export const DESCRIPTION_BUDGET = 200;
/** Characters a parameter's description may keep. */
export const PARAMETER_DESCRIPTION_BUDGET = 100;

/**
 * JSON Schema annotation keywords that do not take part in validation (JSON Schema 2020-12,
 * "Meta-Data Vocabulary" and `$comment`; plus the editor extensions VS Code's schemas use).
 * `title`, `default` and `deprecated` stay: they are short and a model reads meaning into them.
 */
const EXPLANATORY_KEYWORDS = new Set([
  'examples',
  'example',
  '$comment',
  'markdownDescription',
  'enumDescriptions',
  'markdownEnumDescriptions',
]);

/** Keywords whose value is one subschema. */
const SCHEMA_KEYWORDS = new Set([
  'items',
  'additionalItems',
  'additionalProperties',
  'unevaluatedItems',
  'unevaluatedProperties',
  'propertyNames',
  'contains',
  'not',
  'if',
  'then',
  'else',
]);
/** Keywords whose value is an array of subschemas. */
const SCHEMA_ARRAY_KEYWORDS = new Set(['allOf', 'anyOf', 'oneOf', 'prefixItems']);
/** Keywords whose value maps names to subschemas (the names are data, never keywords). */
const SCHEMA_MAP_KEYWORDS = new Set([
  'properties',
  'patternProperties',
  '$defs',
  'definitions',
  'dependentSchemas',
]);

/** A tool with its description cut to the budget and its schemas' explanations trimmed. */
export function trimTool(tool: ToolDefinition): ToolDefinition {
  const trimmed: Record<string, unknown> = { ...tool };
  if (typeof tool.description === 'string') {
    trimmed.description = cutText(tool.description, DESCRIPTION_BUDGET, '');
  }
  if (tool.inputSchema) trimmed.inputSchema = trimSchema(withoutUnusedDefinitions(tool.inputSchema));
  if (tool.outputSchema) trimmed.outputSchema = trimSchema(withoutUnusedDefinitions(tool.outputSchema));
  return trimmed as ToolDefinition;
}

/** A schema with explanatory keywords removed and long descriptions cut, at every depth. */
export function trimSchema(schema: unknown): unknown {
  if (!isObject(schema)) return schema;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) {
    if (EXPLANATORY_KEYWORDS.has(key)) continue;
    if (key === 'description' && typeof value === 'string') {
      out[key] = cutText(value, PARAMETER_DESCRIPTION_BUDGET, '');
    } else if (SCHEMA_KEYWORDS.has(key)) {
      out[key] = Array.isArray(value) ? value.map(trimSchema) : trimSchema(value);
    } else if (SCHEMA_ARRAY_KEYWORDS.has(key) && Array.isArray(value)) {
      out[key] = value.map(trimSchema);
    } else if (SCHEMA_MAP_KEYWORDS.has(key) && isObject(value)) {
      out[key] = Object.fromEntries(Object.entries(value).map(([name, sub]) => [name, trimSchema(sub)]));
    } else {
      out[key] = value;
    }
  }
  return out;
}

const LOCAL_REF = /^#\/(\$defs|definitions)\/([^/]+)$/;

/**
 * The schema without `$defs` / `definitions` entries that nothing refers to (servers generated
 * from OpenAPI repeat every shared definition in every tool). A definition no `$ref` reaches
 * takes no part in validation. When any reference is not a plain local one (`#/$defs/name`), or
 * the schema uses `$id`, `$anchor` or dynamic references, it is returned unchanged.
 */
export function withoutUnusedDefinitions(schema: unknown): unknown {
  if (!isObject(schema) || (!isObject(schema.$defs) && !isObject(schema.definitions))) return schema;
  const refs: string[] = [];
  let plain = true;
  const collect = (node: unknown, root: boolean): void => {
    if (Array.isArray(node)) return node.forEach((item) => collect(item, false));
    if (!isObject(node)) return;
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string') refs.push(value);
      else if (['$dynamicRef', '$recursiveRef', '$anchor', '$dynamicAnchor'].includes(key)) plain = false;
      else if (key === '$id' && !root) plain = false;
      collect(value, false);
    }
  };
  collect(schema, true);
  const reached = new Set<string>();
  const pending = [...refs];
  while (plain && pending.length > 0) {
    const ref = pending.pop()!;
    const match = LOCAL_REF.exec(ref);
    // An escaped or encoded name (`~1`, `%25`) would need decoding to match its key: keep all.
    if (!match || /[~%]/.test(match[2]!)) {
      plain = false;
      break;
    }
    const id = `${match[1]}/${match[2]}`;
    if (reached.has(id)) continue;
    reached.add(id);
    const container = schema[match[1]!];
    const target = isObject(container) ? container[match[2]!] : undefined;
    const before = refs.length;
    collect(target, false);
    pending.push(...refs.slice(before));
  }
  if (!plain) return schema;
  const pruned: Record<string, unknown> = { ...schema };
  for (const keyword of ['$defs', 'definitions'] as const) {
    const container = schema[keyword];
    if (!isObject(container)) continue;
    const kept = Object.entries(container).filter(([name]) => reached.has(`${keyword}/${name}`));
    if (kept.length > 0) pruned[keyword] = Object.fromEntries(kept);
    else delete pruned[keyword];
  }
  return pruned;
}

/**
 * Text cut to `budget` characters, at the last sentence end (or else word break) inside it, with
 * an ellipsis and `more` appended; text within the budget is returned as it is.
 */
export function cutText(text: string, budget: number, more: string): string {
  const clean = text.trim();
  if (clean.length <= budget) return clean;
  const head = clean.slice(0, budget);
  const sentenceEnd = Math.max(head.lastIndexOf('. '), head.lastIndexOf('.\n'));
  if (sentenceEnd >= budget / 2) return `${head.slice(0, sentenceEnd + 1)} …${more}`;
  const wordEnd = head.lastIndexOf(' ');
  return `${head.slice(0, wordEnd > budget / 2 ? wordEnd : budget).trimEnd()}…${more}`;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
