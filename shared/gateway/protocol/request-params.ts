/**
 * Checks the params of a client's request against the SDK's schema for its method, before the
 * session's SDK server sees it. The SDK checks too, but it answers a failure with -32603 Internal
 * error and zod's issue list as JSON for a message; a client that sent bad params should get
 * -32602 Invalid params and a sentence naming the field.
 */
import { ClientRequestSchema, type JSONRPCRequest } from '@modelcontextprotocol/sdk/types.js';

/** What this module needs of one of the SDK's request schemas. */
interface RequestSchema {
  readonly shape: { readonly method: { readonly value: string } };
  safeParse(
    value: unknown,
  ): { success: true } | { success: false; error: { issues: readonly ZodIssueLike[] } };
}

interface ZodIssueLike {
  readonly path: readonly PropertyKey[];
  readonly message: string;
}

const schemasByMethod = new Map<string, RequestSchema>(
  (ClientRequestSchema.options as readonly RequestSchema[]).map((schema) => [
    schema.shape.method.value,
    schema,
  ]),
);

/**
 * Why a request's params do not fit its method, or undefined when they do. Methods the SDK does
 * not define pass: the session answers them with -32601 Method not found.
 */
export function invalidParamsReason(request: JSONRPCRequest): string | undefined {
  const schema = schemasByMethod.get(request.method);
  if (!schema) return undefined;
  const parsed = schema.safeParse({ method: request.method, params: request.params });
  if (parsed.success) return undefined;
  const issue = parsed.error.issues[0];
  const where = issue && issue.path.length > 0 ? `${issue.path.map(String).join('.')}: ` : '';
  return `Invalid params for ${request.method}: ${where}${issue?.message ?? 'they do not fit the method'}.`;
}
