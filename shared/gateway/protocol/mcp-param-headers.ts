/**
 * `Mcp-Param-{Name}` headers (SEP-2243, 2026-07-28 Streamable HTTP, "Custom Headers from Tool
 * Parameters"): a tool's `inputSchema` may mark properties with `x-mcp-header`, and a request to
 * call it over HTTP then carries those arguments as headers too, so intermediaries can route on
 * them. Gatehouse is such a server toward its clients (it checks what they send against the body)
 * and such a client toward its 2026 servers (it mirrors the arguments into headers).
 */

/** One marked property: where it sits under `properties`, and the header name it gives. */
export interface ParamHeaderDeclaration {
  readonly path: readonly string[];
  readonly name: string;
}

/** The header-safe characters of a value sent as is: visible ASCII and space, no edge spaces. */
const PLAIN_VALUE = /^[\x21-\x7e]([\x20-\x7e]*[\x21-\x7e])?$/;
const SENTINEL = /^=\?base64\?(.*)\?=$/;

/**
 * The `x-mcp-header` declarations of a tool's input schema, followed only through chains of
 * `properties` keys (the spec allows them nowhere else). A tool without any has none.
 */
export function paramHeaderDeclarations(inputSchema: unknown): ParamHeaderDeclaration[] {
  const found: ParamHeaderDeclaration[] = [];
  const walk = (schema: unknown, path: string[], depth: number): void => {
    if (!schema || typeof schema !== 'object' || depth > 32) return;
    const properties = (schema as { properties?: unknown }).properties;
    if (!properties || typeof properties !== 'object') return;
    for (const [key, property] of Object.entries(properties as Record<string, unknown>)) {
      if (!property || typeof property !== 'object') continue;
      const name = (property as { 'x-mcp-header'?: unknown })['x-mcp-header'];
      if (typeof name === 'string' && name.length > 0) found.push({ path: [...path, key], name });
      walk(property, [...path, key], depth + 1);
    }
  };
  walk(inputSchema, [], 0);
  return found;
}

/** The value at a declaration's path in the call's arguments, or undefined (absent or null). */
export function argumentAt(args: unknown, path: readonly string[]): unknown {
  let value = args;
  for (const key of path) {
    if (!value || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value === null ? undefined : value;
}

/** A value as a header carries it: plain when safe, else the Base64 sentinel form. */
export function encodeParamValue(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  const text =
    typeof value === 'string'
      ? value
      : typeof value === 'number' || typeof value === 'boolean'
        ? String(value)
        : undefined;
  if (text === undefined) return undefined;
  return PLAIN_VALUE.test(text) && !SENTINEL.test(text)
    ? text
    : `=?base64?${Buffer.from(text, 'utf8').toString('base64')}?=`;
}

/** The headers to send with a `tools/call`, from the tool's declarations and the arguments. */
export function paramHeaders(
  declarations: readonly ParamHeaderDeclaration[],
  args: unknown,
): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const { path, name } of declarations) {
    const encoded = encodeParamValue(argumentAt(args, path));
    if (encoded !== undefined) headers[`Mcp-Param-${name}`] = encoded;
  }
  return headers;
}

/**
 * What is wrong with the `Mcp-Param-*` headers a client sent with a call, or undefined: each
 * declared argument present in the body needs its header, and each header must say (decoded) what
 * the body says, numbers compared as numbers. `received` has lower-case header names.
 */
export function paramHeaderProblem(
  declarations: readonly ParamHeaderDeclaration[],
  args: unknown,
  received: Readonly<Record<string, string | undefined>>,
): { readonly header: string; readonly sentence: string } | undefined {
  for (const { path, name } of declarations) {
    const header = `Mcp-Param-${name}`;
    const bodyValue = argumentAt(args, path);
    const sent = received[header.toLowerCase()];
    if (sent === undefined) {
      if (bodyValue !== undefined)
        return {
          header,
          sentence: `the ${header} header is missing, but the arguments carry ${path.join('.')}.`,
        };
      continue;
    }
    const decoded = decodeParamValue(sent.trim());
    if (decoded === undefined) return { header, sentence: `the ${header} header carries an invalid value.` };
    if (!sameValue(decoded, bodyValue))
      return {
        header,
        sentence: `the ${header} header says "${decoded}" but the arguments say ${JSON.stringify(bodyValue)}.`,
      };
  }
  return undefined;
}

/** A header value with the Base64 sentinel undone; undefined when the sentinel is malformed. */
export function decodeParamValue(value: string): string | undefined {
  const match = SENTINEL.exec(value);
  if (!match) return value;
  const encoded = match[1] ?? '';
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(encoded) || encoded.length % 4 !== 0) return undefined;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(Buffer.from(encoded, 'base64'));
  } catch {
    return undefined;
  }
}

function sameValue(header: string, body: unknown): boolean {
  if (typeof body === 'number') return Number(header) === body;
  if (typeof body === 'boolean') return header === String(body);
  return header === body;
}
