/**
 * Compiles the argument conditions of policy rules into fast predicates. Regular expressions run
 * in RE2 (re2js), whose matching time is linear in the input, so hostile arguments cannot stall
 * the gateway with catastrophic backtracking.
 */
import picomatch from 'picomatch';
import { RE2JS } from 're2js';
import type { ArgumentCondition } from '../../contracts/policy.js';
import { GatehouseError, describeError } from '../errors.js';

/** A compiled condition: true when the call's arguments satisfy it. */
export type ArgumentPredicate = (args: unknown) => boolean;

/** How many values `anyString` looks at before it stops: arguments can be huge or deeply nested. */
const MAX_VISITED_VALUES = 10_000;

/**
 * Compiles one condition.
 * @throws GatehouseError `policy_invalid` for a glob or regex that cannot compile.
 */
export function compileCondition(condition: ArgumentCondition, where: string): ArgumentPredicate {
  const test = compileTest(condition, where);
  const passes = condition.not ? (value: unknown) => !test(value) : test;
  if (condition.anyString) {
    return (args) => {
      const strings = collectStrings(args);
      return condition.not ? strings.every(passes) : strings.some(passes);
    };
  }
  const path = parsePointer(condition.pointer ?? '');
  return (args) => passes(resolvePointer(args, path));
}

function compileTest(condition: ArgumentCondition, where: string): (value: unknown) => boolean {
  const ignoreCase = condition.ignoreCase === true;
  const fold = (text: string) => (ignoreCase ? text.toLowerCase() : text);
  if (condition.equals !== undefined) {
    const expected = condition.equals;
    return (value) => jsonEquals(value, expected, ignoreCase);
  }
  if (condition.oneOf !== undefined) {
    const options = condition.oneOf;
    return (value) => options.some((option) => jsonEquals(value, option, ignoreCase));
  }
  if (condition.prefix !== undefined) {
    const prefix = fold(condition.prefix);
    return (value) => typeof value === 'string' && fold(value).startsWith(prefix);
  }
  if (condition.glob !== undefined) {
    let matcher: (text: string) => boolean;
    try {
      matcher = picomatch(condition.glob, { dot: true, nocase: ignoreCase });
    } catch (error: unknown) {
      throw new GatehouseError(
        'policy_invalid',
        `${where}: the glob "${condition.glob}" is not valid (${describeError(error)}).`,
      );
    }
    return (value) => typeof value === 'string' && matcher(value);
  }
  if (condition.regex !== undefined) {
    const regex = compileRegex(condition.regex, ignoreCase, where);
    return (value) => typeof value === 'string' && regex.matcher(value).find();
  }
  const bounds = { lt: condition.lt, lte: condition.lte, gt: condition.gt, gte: condition.gte };
  return (value) =>
    typeof value === 'number' &&
    (bounds.lt === undefined || value < bounds.lt) &&
    (bounds.lte === undefined || value <= bounds.lte) &&
    (bounds.gt === undefined || value > bounds.gt) &&
    (bounds.gte === undefined || value >= bounds.gte);
}

/** Compiles an RE2 pattern, or says which rule's pattern is wrong. */
export function compileRegex(pattern: string, ignoreCase: boolean, where: string): RE2JS {
  try {
    return RE2JS.compile(pattern, ignoreCase ? RE2JS.CASE_INSENSITIVE : 0);
  } catch (error: unknown) {
    throw new GatehouseError(
      'policy_invalid',
      `${where}: the regex "${pattern}" is not valid RE2 syntax (${describeError(error)}). Backreferences and lookaround are not supported.`,
    );
  }
}

/** Splits a JSON pointer (RFC 6901) into its unescaped tokens. */
export function parsePointer(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((token) => token.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** The value at a parsed pointer, or undefined when there is none. */
export function resolvePointer(document: unknown, path: readonly string[]): unknown {
  let current: unknown = document;
  for (const token of path) {
    if (Array.isArray(current)) {
      if (!/^(0|[1-9][0-9]*)$/.test(token)) return undefined;
      current = current[Number(token)];
    } else if (current !== null && typeof current === 'object' && Object.hasOwn(current, token)) {
      current = (current as Record<string, unknown>)[token];
    } else {
      return undefined;
    }
  }
  return current;
}

/** Every string value in a JSON document, breadth first, up to a bound. */
export function collectStrings(document: unknown): string[] {
  const strings: string[] = [];
  const queue: unknown[] = [document];
  const enqueue = (values: Iterable<unknown>) => {
    for (const value of values) {
      if (queue.length >= MAX_VISITED_VALUES) return;
      queue.push(value);
    }
  };
  for (let visited = 0; visited < queue.length; visited++) {
    const value = queue[visited];
    if (typeof value === 'string') strings.push(value);
    else if (Array.isArray(value)) enqueue(value);
    else if (value !== null && typeof value === 'object') enqueue(Object.values(value));
  }
  return strings;
}

function jsonEquals(a: unknown, b: unknown, ignoreCase: boolean): boolean {
  if (typeof a === 'string' && typeof b === 'string')
    return ignoreCase ? a.toLowerCase() === b.toLowerCase() : a === b;
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const keysA = Object.keys(a);
  const keysB = Object.keys(b);
  if (keysA.length !== keysB.length) return false;
  return keysA.every(
    (key) =>
      Object.hasOwn(b, key) &&
      jsonEquals((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key], ignoreCase),
  );
}
