/**
 * The narrowing options of `gatehouse approve --for N`: `--inside ARG=FOLDER`, `--exact ARG=JSON`.
 */
import type { GrantCondition } from '../../contracts/grants.js';
import { GatehouseError } from '../errors.js';

/** Collects a repeatable option's values. */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/**
 * The conditions of `--inside ARG=FOLDER` and `--exact ARG=JSON` (a value that is not JSON is
 * taken as a string: `--exact mode=fast`).
 * @throws GatehouseError `grant_invalid` for a value without `=`.
 */
export function conditionsFromOptions(inside: string[] = [], exact: string[] = []): GrantCondition[] {
  const split = (text: string, option: string): [string, string] => {
    const at = text.indexOf('=');
    if (at <= 0) {
      throw new GatehouseError(
        'grant_invalid',
        `${option} takes ARGUMENT=VALUE, for example ${option} path=/home/me/projects.`,
      );
    }
    return [text.slice(0, at), text.slice(at + 1)];
  };
  return [
    ...inside.map((text): GrantCondition => {
      const [argument, prefix] = split(text, '--inside');
      return { kind: 'path-prefix', argument, prefix };
    }),
    ...exact.map((text): GrantCondition => {
      const [argument, raw] = split(text, '--exact');
      let value: unknown = raw;
      try {
        value = JSON.parse(raw);
      } catch {
        // A plain word: the string itself.
      }
      return { kind: 'exact', argument, value: value as never };
    }),
  ];
}
