/**
 * The data-flow guard's shapes: where text in a tool call's arguments came from (a result an
 * upstream returned earlier, or a secret Gatehouse resolved), the data class of each server, the
 * guard's settings, and the `flow` test policy rules can make.
 */
import { z } from 'zod';
import { ToolRiskSchema } from './tool-access.js';

/**
 * What a server's data is: `private` (a filesystem, a private repository, a mailbox), `untrusted`
 * (web pages, public issue trackers: text anyone can write), `public` (nothing to protect or fear).
 */
export const DataClassSchema = z.enum(['private', 'untrusted', 'public']);

/** The request whose result text was remembered. */
export const FlowMethodSchema = z.enum(['tools/call', 'resources/read', 'prompts/get']);

/** How a secret was written where it was found. */
export const SecretEncodingSchema = z.enum(['plain', 'base64', 'base64url', 'hex', 'url-encoded']);

/** Where a span of argument text came from. */
export const FlowSourceSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('result'),
    method: FlowMethodSchema,
    server: z.string(),
    /** The upstream tool or prompt name, or the resource URI. */
    name: z.string(),
    /** When the result was returned (ISO 8601). */
    at: z.string(),
    dataClass: DataClassSchema,
  }),
  z.object({
    kind: z.literal('secret'),
    /** The secret's name (`github-token`, `env GITHUB_TOKEN`, or `<server> <KEY>` for a value in the config). */
    secret: z.string(),
    encoding: SecretEncodingSchema,
  }),
]);

/**
 * One argument holding text from one source. Spans are UTF-16 offsets into the argument's string
 * value, end exclusive; never the text itself, so a flow can be logged and shown without leaking.
 */
export const FlowSchema = z.object({
  /** The argument, as a JSON pointer (`/body`, `/messages/0/text`). */
  argument: z.string(),
  /** How many characters matched (whitespace left out). */
  length: z.number().int().min(0),
  spans: z.array(z.tuple([z.number().int().min(0), z.number().int().min(0)])).min(1),
  source: FlowSourceSchema,
});

/** Most flows kept per call: enough to explain it, few enough to store and show. */
export const MAX_FLOWS_PER_CALL = 20;

/** `settings.flowGuard` in config.json. */
export const FlowGuardSettingsSchema = z.strictObject({
  enabled: z.boolean().default(true),
  /**
   * A run of text shorter than this (in characters, whitespace not counted) never counts as
   * copied, so IDs, hashes, paths and short names pass between servers freely.
   */
  minMatchLength: z.number().int().min(32).max(4096).default(80),
  /** How much result text is remembered per client, in megabytes; the oldest is forgotten first. */
  memoryMB: z.number().int().min(1).max(1024).default(16),
  /** How long a result is remembered, in minutes. */
  memoryMinutes: z
    .number()
    .int()
    .min(1)
    .max(7 * 24 * 60)
    .default(60),
});

/** Which flows a policy rule matches: where the text came from, where it goes, how much of it. */
export const FlowConditionSchema = z.strictObject({
  from: z
    .strictObject({
      /** Results of these servers (globs). */
      servers: z.array(z.string().min(1)).min(1).optional(),
      /** Results of servers with these data classes. */
      dataClasses: z.array(DataClassSchema).min(1).optional(),
      /** Secrets: `true` for any, or names (globs). */
      secrets: z.union([z.literal(true), z.array(z.string().min(1)).min(1)]).optional(),
    })
    .default({}),
  to: z
    .strictObject({
      /** The called tool's risk level. */
      risk: z.array(ToolRiskSchema).min(1).optional(),
      /**
       * A tool that reaches the open world: its risk level is `open-world`, or it declares
       * `openWorldHint` (a tool that sends a message both writes and reaches out; its risk level
       * says only the first).
       */
      openWorld: z.boolean().optional(),
      /** The called tool's server (globs). */
      servers: z.array(z.string().min(1)).min(1).optional(),
      /** Only when the text came from a server other than the one called (a secret always does). */
      otherServer: z.boolean().optional(),
    })
    .optional(),
  /** Only runs at least this long (characters, whitespace not counted); the guard's setting otherwise. */
  minLength: z.number().int().min(1).optional(),
});

export type DataClass = z.infer<typeof DataClassSchema>;
export type FlowMethod = z.infer<typeof FlowMethodSchema>;
export type SecretEncoding = z.infer<typeof SecretEncodingSchema>;
export type FlowSource = z.infer<typeof FlowSourceSchema>;
export type Flow = z.infer<typeof FlowSchema>;
export type FlowGuardSettings = z.infer<typeof FlowGuardSettingsSchema>;
export type FlowCondition = z.infer<typeof FlowConditionSchema>;

/** `body` for `/body`, `messages/0/text` for deeper ones, `(the arguments)` for the root. */
export function argumentName(pointer: string): string {
  if (pointer === '') return '(the arguments)';
  return pointer
    .slice(1)
    .split('/')
    .map((part) => part.replaceAll('~1', '/').replaceAll('~0', '~'))
    .join('/');
}

/** The value at a JSON pointer, or undefined when there is none. */
export function valueAtPointer(value: unknown, pointer: string): unknown {
  if (pointer === '') return value;
  let node: unknown = value;
  for (const raw of pointer.slice(1).split('/')) {
    const key = raw.replaceAll('~1', '/').replaceAll('~0', '~');
    if (node === null || typeof node !== 'object' || !Object.hasOwn(node, key)) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}
