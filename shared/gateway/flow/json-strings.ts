/**
 * Walks the strings of a JSON value with their JSON pointers, bounded in depth and count: values
 * come from clients and servers Gatehouse does not trust.
 */

/** Deeper nesting is not walked (no real tool takes or returns 32 levels). */
const MAX_DEPTH = 32;

/** At most this many values are visited per walk. */
const MAX_NODES = 20_000;

/** Calls `visit` with each string value (not keys) and its JSON pointer. */
export function forEachString(value: unknown, visit: (text: string, pointer: string) => void): void {
  let nodes = 0;
  const walk = (node: unknown, pointer: string, depth: number): void => {
    if (++nodes > MAX_NODES) return;
    if (typeof node === 'string') return visit(node, pointer);
    if (node === null || typeof node !== 'object' || depth >= MAX_DEPTH) return;
    if (Array.isArray(node)) {
      for (let index = 0; index < node.length; index++) walk(node[index], `${pointer}/${index}`, depth + 1);
      return;
    }
    for (const key of Object.keys(node))
      walk((node as Record<string, unknown>)[key], `${pointer}/${escapePointer(key)}`, depth + 1);
  };
  walk(value, '', 0);
}

/** RFC 6901: `~` and `/` in a key are escaped. */
function escapePointer(key: string): string {
  return key.includes('~') || key.includes('/') ? key.replaceAll('~', '~0').replaceAll('/', '~1') : key;
}
