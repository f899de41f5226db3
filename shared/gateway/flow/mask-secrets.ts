/**
 * Arguments with every string that carries a secret (in any encoding the guard found) replaced,
 * for what is stored or shown: the audit's own redaction knows secrets only as written, so a
 * base64 or hex copy would otherwise reach the disk and the approval card.
 */
import type { Flow } from '../../contracts/flow.js';

/** What a string holding a secret reads as once masked. */
export const MASKED_SECRET = '[redacted]';

/** A copy of `args` with the strings at the secret flows' pointers masked; `args` itself if none. */
export function maskSecretFlows(args: unknown, flows: readonly Flow[] | undefined): unknown {
  const pointers = (flows ?? []).filter((flow) => flow.source.kind === 'secret').map((flow) => flow.argument);
  if (pointers.length === 0) return args;
  if (pointers.includes('')) return MASKED_SECRET;
  const copy = structuredClone(args) as unknown;
  for (const pointer of pointers) {
    const keys = pointer
      .slice(1)
      .split('/')
      .map((key) => key.replaceAll('~1', '/').replaceAll('~0', '~'));
    let node: unknown = copy;
    for (const key of keys.slice(0, -1)) node = (node as Record<string, unknown> | undefined)?.[key];
    const last = keys[keys.length - 1]!;
    if (
      node !== null &&
      typeof node === 'object' &&
      typeof (node as Record<string, unknown>)[last] === 'string'
    )
      (node as Record<string, unknown>)[last] = MASKED_SECRET;
  }
  return copy;
}
