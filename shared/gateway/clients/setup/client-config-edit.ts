/**
 * A client's config file as text: checked in the client's own dialect (a file the client could
 * not read is reported, never written), its map of servers, and the new text for adding or
 * removing one entry with everything else left as it was.
 */
import { parse as parseJsonc, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { parse as parseToml, TomlError } from 'smol-toml';
import { GatehouseError, assertNever } from '../../errors.js';
import type { ClientConfigLocation } from './client-locations.js';
import { isRecord, type EntryObject } from './gatehouse-entry.js';
import { removeJsonProperty, setJsonProperty } from './jsonc-entries.js';
import { removeTomlTable, setTomlTable, tomlEditIsExact } from './toml-entries.js';
import { parseYamlRoot, removeYamlEntry, setYamlEntry, yamlEditIsExact } from './yaml-entries.js';

/** A client config file that parsed, with the servers it lists. */
export interface ClientConfigDocument {
  readonly location: ClientConfigLocation;
  /** The file's text; empty when the file does not exist. */
  readonly text: string;
  readonly exists: boolean;
  /** Server name → entry as written, in file order. */
  readonly servers: ReadonlyMap<string, unknown>;
}

/** What jsonc-parser's error codes mean, in words. */
const JSON_FAULTS: Record<string, string> = {
  InvalidSymbol: 'an unexpected character',
  InvalidNumberFormat: 'a malformed number',
  PropertyNameExpected: 'a missing property name (or a trailing comma)',
  ValueExpected: 'a missing value (or a trailing comma)',
  ColonExpected: 'a missing colon',
  CommaExpected: 'a missing comma',
  CloseBraceExpected: 'a missing }',
  CloseBracketExpected: 'a missing ]',
  EndOfFileExpected: 'text after the end of the JSON',
  InvalidCommentToken: 'a comment, which this client does not accept',
  UnexpectedEndOfComment: 'a comment that is never closed',
  UnexpectedEndOfString: 'a string that is never closed',
};

/**
 * Reads a client config file's text (undefined when the file does not exist).
 * @throws GatehouseError `client_config_invalid`: a sentence naming the file, the line and the fault.
 */
export function readClientConfig(
  location: ClientConfigLocation,
  text: string | undefined,
): ClientConfigDocument {
  const servers = text === undefined ? new Map<string, unknown>() : serversIn(location, text);
  return { location, text: text ?? '', exists: text !== undefined, servers };
}

/** The file's new text with server `name` set to `entry` (added, or replacing the old one). */
export function withServerEntry(document: ClientConfigDocument, name: string, entry: EntryObject): string {
  const { location, text } = document;
  switch (location.format) {
    case 'json':
    case 'jsonc':
      return setJsonProperty(text, [location.serversKey], name, entry);
    case 'toml': {
      const after = setTomlTable(text, [location.serversKey, name], entry);
      return checkedTomlEdit(location, text, after, name, entry);
    }
    case 'yaml':
      return checkedYamlEdit(
        location,
        text,
        setYamlEntry(text, location.serversKey, name, entry),
        name,
        entry,
      );
    default:
      return assertNever(location.format);
  }
}

/** The file's new text without the servers in `names` (names it does not list are ignored). */
export function withoutServerEntries(document: ClientConfigDocument, names: Iterable<string>): string {
  const { location } = document;
  let text = document.text;
  for (const name of names) {
    if (!document.servers.has(name)) continue;
    switch (location.format) {
      case 'json':
      case 'jsonc':
        text = removeJsonProperty(text, [location.serversKey], name);
        break;
      case 'toml':
        text = checkedTomlEdit(
          location,
          text,
          removeTomlTable(text, [location.serversKey, name]),
          name,
          undefined,
        );
        break;
      case 'yaml':
        text = checkedYamlEdit(
          location,
          text,
          removeYamlEntry(text, location.serversKey, name),
          name,
          undefined,
        );
        break;
      default:
        assertNever(location.format);
    }
  }
  return text;
}

function serversIn(location: ClientConfigLocation, text: string): Map<string, unknown> {
  const root =
    location.format === 'toml'
      ? tomlRoot(location, text)
      : location.format === 'yaml'
        ? yamlRoot(location, text)
        : jsonRoot(location, text);
  const servers = root[location.serversKey];
  // YAML writes an empty map as `extensions:` (null).
  if (servers === undefined || servers === null) return new Map();
  if (!isRecord(servers)) {
    throw invalid(
      `"${location.serversKey}" in ${location.path} is not a table of servers. ` +
        'Fix it by hand and try again; Gatehouse has not changed the file.',
    );
  }
  return new Map(Object.entries(servers));
}

function jsonRoot(location: ClientConfigLocation, text: string): Record<string, unknown> {
  const body = text.replace(/^\uFEFF/, '');
  const errors: ParseError[] = [];
  const strict = location.format === 'json';
  const value: unknown = parseJsonc(body, errors, {
    disallowComments: strict,
    allowTrailingComma: !strict,
    allowEmptyContent: true,
  });
  const [first] = errors;
  if (first) {
    const { line, column } = lineAndColumn(body, first.offset);
    const fault = JSON_FAULTS[printParseErrorCode(first.error)] ?? 'a syntax error';
    throw invalid(
      `${location.path} is not valid JSON: ${fault} at line ${line}, column ${column}. ` +
        'Fix the file (or let the client rewrite it) and try again; Gatehouse has not changed it.',
    );
  }
  if (body.trim() === '') return {};
  if (!isRecord(value)) {
    throw invalid(
      `${location.path} does not hold a JSON object. Fix it by hand; Gatehouse has not changed it.`,
    );
  }
  return value;
}

function tomlRoot(location: ClientConfigLocation, text: string): Record<string, unknown> {
  try {
    return parseToml(text);
  } catch (error: unknown) {
    if (!(error instanceof TomlError)) throw error;
    const fault = (error.message.split('\n')[0] ?? '').replace(/^Invalid TOML document:\s*/, '');
    throw invalid(
      `${location.path} is not valid TOML: ${fault} at line ${error.line}, column ${error.column}. ` +
        'Fix the file and try again; Gatehouse has not changed it.',
    );
  }
}

function yamlRoot(location: ClientConfigLocation, text: string): Record<string, unknown> {
  const parsed = parseYamlRoot(text);
  if ('root' in parsed) return parsed.root;
  throw invalid(
    `${location.path} is not valid YAML: ${parsed.fault}. ` +
      'Fix the file and try again; Gatehouse has not changed it.',
  );
}

/** A YAML edit is kept only when parsing the result shows exactly the intended change. */
function checkedYamlEdit(
  location: ClientConfigLocation,
  before: string,
  after: string,
  name: string,
  entry: EntryObject | undefined,
): string {
  if (yamlEditIsExact(before, after, location.serversKey, name, entry)) return after;
  throw invalid(
    `Gatehouse cannot safely edit "${name}" in ${location.path} (anchors or aliases there?). ` +
      'Edit the file by hand; Gatehouse has not changed it.',
  );
}

/** A textual TOML edit is kept only when parsing the result shows exactly the intended change. */
function checkedTomlEdit(
  location: ClientConfigLocation,
  before: string,
  after: string,
  name: string,
  entry: EntryObject | undefined,
): string {
  if (tomlEditIsExact(before, after, [location.serversKey, name], entry)) return after;
  throw invalid(
    `Gatehouse cannot safely edit "${name}" in ${location.path}: it is not written as its own ` +
      `[${location.serversKey}.${name}] table. Edit the file by hand; Gatehouse has not changed it.`,
  );
}

function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const lineStart = before.lastIndexOf('\n') + 1;
  return { line: before.split('\n').length, column: offset - lineStart + 1 };
}

function invalid(sentence: string): GatehouseError {
  return new GatehouseError('client_config_invalid', sentence);
}
