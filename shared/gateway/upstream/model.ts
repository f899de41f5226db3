/**
 * The engine's own view of what an upstream offers. These are the MCP JSON shapes, kept as plain
 * objects so the engine does not depend on SDK types (only the upstream connector and the
 * downstream endpoint do), which keeps a later move to a newer protocol revision contained.
 */

/** A tool as the upstream listed it. Fields other than `name` pass through untouched. */
export interface ToolDefinition {
  readonly name: string;
  readonly [field: string]: unknown;
}

/** A prompt as the upstream listed it. */
export interface PromptDefinition {
  readonly name: string;
  readonly [field: string]: unknown;
}

/** A resource as the upstream listed it. */
export interface ResourceDefinition {
  readonly uri: string;
  readonly [field: string]: unknown;
}

/** A resource template as the upstream listed it. */
export interface ResourceTemplateDefinition {
  readonly uriTemplate: string;
  readonly [field: string]: unknown;
}

/** Everything one upstream lists, as of its last refresh. */
export interface UpstreamLists {
  readonly tools: readonly ToolDefinition[];
  readonly prompts: readonly PromptDefinition[];
  readonly resources: readonly ResourceDefinition[];
  readonly resourceTemplates: readonly ResourceTemplateDefinition[];
}

/** What an upstream said it can do, reduced to what the gateway routes on. */
export interface UpstreamFeatures {
  readonly tools: boolean;
  readonly prompts: boolean;
  readonly resources: boolean;
  readonly resourceSubscribe: boolean;
  readonly logging: boolean;
  readonly completions: boolean;
  readonly instructions?: string | undefined;
  /** Extensions the server declared (SEP-1724), passed on to clients as Gatehouse's own. */
  readonly extensions?: Readonly<Record<string, unknown>> | undefined;
}

/** A JSON-RPC request params object, passed through as is. */
export type RequestParams = Record<string, unknown>;

/** A JSON-RPC result object, passed through as is. */
export type RequestResult = Record<string, unknown>;

/** A request an upstream server sends back to the client side (sampling, elicitation, roots). */
export interface ServerInitiatedRequest {
  readonly method: string;
  readonly params?: RequestParams | undefined;
}

export const EMPTY_LISTS: UpstreamLists = { tools: [], prompts: [], resources: [], resourceTemplates: [] };
