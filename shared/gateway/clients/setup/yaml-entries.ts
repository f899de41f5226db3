/**
 * Adding, replacing and removing one entry of a YAML map (Goose's `extensions.NAME`) through the
 * `yaml` package's document model, which keeps comments, key order and the other entries; each
 * edit is checked by parsing the result, as the TOML edits are.
 */
import { isDeepStrictEqual } from 'node:util';
import { parseDocument, type Document } from 'yaml';

/** A parsed YAML file, or the sentence saying where it is broken. */
export type ParsedYaml = { readonly root: Record<string, unknown> } | { readonly fault: string };

/** Parses `text` as the root mapping of a YAML file (an empty file is an empty mapping). */
export function parseYamlRoot(text: string): ParsedYaml {
  const document = parseDocument(text);
  const [error] = document.errors;
  if (error) {
    const at = error.linePos?.[0];
    const fault = (error.message.split(' at line ')[0] ?? 'a syntax error').replace(/:$/, '');
    return { fault: at ? `${fault} at line ${at.line}, column ${at.col}` : fault };
  }
  const value: unknown = document.toJS();
  if (value === null || value === undefined) return { root: {} };
  if (typeof value !== 'object' || Array.isArray(value)) return { fault: 'the file is not a mapping' };
  return { root: value as Record<string, unknown> };
}

/** `text` with `map.name` set to `value` (added at the end of the map, or replaced in place). */
export function setYamlEntry(
  text: string,
  map: string,
  name: string,
  value: Record<string, unknown>,
): string {
  const document = parseDocument(text);
  document.setIn([map, name], document.createNode(value));
  return render(document, text);
}

/** `text` without `map.name`; unchanged when there is none. */
export function removeYamlEntry(text: string, map: string, name: string): string {
  const document = parseDocument(text);
  if (!document.hasIn([map, name])) return text;
  document.deleteIn([map, name]);
  return render(document, text);
}

/** Whether `after` holds exactly `before` with `map.name` set to `value` (or removed). */
export function yamlEditIsExact(
  before: string,
  after: string,
  map: string,
  name: string,
  value: Record<string, unknown> | undefined,
): boolean {
  const was = parseYamlRoot(before);
  const now = parseYamlRoot(after);
  if ('fault' in was || 'fault' in now) return false;
  const expected = structuredClone(was.root);
  const entries = { ...((expected[map] as Record<string, unknown> | null | undefined) ?? {}) };
  if (value === undefined) delete entries[name];
  else entries[name] = value;
  expected[map] = entries;
  const actual = { ...now.root, [map]: now.root[map] ?? {} };
  return isDeepStrictEqual(actual, expected);
}

/** The document as text, with the original's line endings. */
function render(document: Document, original: string): string {
  const text = document.toString({ lineWidth: 0 });
  return /\r\n/.test(original) ? text.replace(/\r?\n/g, '\r\n') : text;
}
