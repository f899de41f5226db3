/**
 * The parts of a tool's input schema the classifier reads: the human-readable strings (where
 * poisoning hides as well as in the description) and the parameter names and formats (which say
 * whether the tool takes a web address).
 */

/** One string from the schema and where it sits, as `properties.path.description`. */
export interface SchemaText {
  readonly path: string;
  readonly text: string;
}

/** What the classifier learns from an input schema. */
export interface SchemaFacts {
  readonly texts: readonly SchemaText[];
  /** Every property name, at any depth. */
  readonly propertyNames: readonly string[];
  /** Some string property declares `format: uri` (or `url`, `iri`). */
  readonly takesUriFormat: boolean;
  /** The walk stopped at a limit, so some of the schema went unread. */
  readonly truncated: boolean;
}

/** Keys whose string values a client may show to the model. */
const textKeys = new Set(['description', 'title', 'default', 'enum', 'examples', 'const', '$comment']);
const uriFormats = new Set(['uri', 'url', 'iri', 'uri-reference', 'iri-reference']);

/**
 * Limits that keep a hostile schema from costing more than a normal one. Real schemas are far
 * inside them: the largest of server-everything, -filesystem and -memory has 3 levels and about
 * 30 nodes. Reaching one is itself worth a look, so the caller reports it as `overlong`.
 */
export const schemaLimits = { depth: 16, nodes: 2_000, textChars: 32_768 } as const;

/** Walks a schema once, collecting its texts, property names and URI formats within the limits. */
export function readSchema(schema: unknown): SchemaFacts {
  const texts: SchemaText[] = [];
  const propertyNames: string[] = [];
  let takesUriFormat = false;
  let truncated = false;
  let nodes = 0;
  let textChars = 0;

  const addText = (path: string, value: unknown): void => {
    if (typeof value !== 'string' || value.length === 0) return;
    if (textChars + value.length > schemaLimits.textChars) {
      truncated = true;
      return;
    }
    textChars += value.length;
    texts.push({ path, text: value });
  };

  const visit = (node: unknown, path: string, depth: number): void => {
    if (truncated || node === null || typeof node !== 'object') return;
    if (depth > schemaLimits.depth || ++nodes > schemaLimits.nodes) {
      truncated = true;
      return;
    }
    if (Array.isArray(node)) {
      node.forEach((item, index) => visit(item, `${path}[${index}]`, depth + 1));
      return;
    }
    const record = node as Record<string, unknown>;
    if (typeof record.format === 'string' && uriFormats.has(record.format)) takesUriFormat = true;
    for (const [key, value] of Object.entries(record)) {
      const childPath = path ? `${path}.${key}` : key;
      if (textKeys.has(key)) {
        if (Array.isArray(value)) value.forEach((item, index) => addText(`${childPath}[${index}]`, item));
        else addText(childPath, value);
      }
      if (key === 'properties' && value !== null && typeof value === 'object' && !Array.isArray(value))
        propertyNames.push(...Object.keys(value));
      visit(value, childPath, depth + 1);
    }
  };

  visit(schema, '', 0);
  return { texts, propertyNames, takesUriFormat, truncated };
}
