/**
 * Wires what an upstream sends on its own (progress, log messages, resource and list changes,
 * and requests for the client side) from an SDK client to the connection that owns it.
 */
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import {
  CreateMessageRequestSchema,
  ElicitRequestSchema,
  ListRootsRequestSchema,
  LoggingMessageNotificationSchema,
  ProgressNotificationSchema,
  PromptListChangedNotificationSchema,
  ResourceListChangedNotificationSchema,
  ResourceUpdatedNotificationSchema,
  ToolListChangedNotificationSchema,
} from '@modelcontextprotocol/sdk/types.js';
import type { RequestParams, RequestResult, ServerInitiatedRequest, UpstreamLists } from './model.js';

/** Where one connection's unsolicited messages go. */
export interface ClientEventTargets {
  /** False once the client belongs to a connection that was replaced: its late news is dropped. */
  isCurrent(): boolean;
  onProgress(params: RequestParams): void;
  onLogMessage(params: RequestParams): void;
  onResourceUpdated(uri: string): void;
  /** Re-fetches one list after a `list_changed` (checks for itself whether it is still current). */
  refresh(which: keyof UpstreamLists): Promise<void>;
  onServerRequest(request: ServerInitiatedRequest, signal: AbortSignal): Promise<RequestResult>;
}

/** Installs the notification and request handlers on a client before it connects. */
export function installClientHandlers(client: Client, targets: ClientEventTargets): void {
  // Progress is relayed by token on our side instead of through the SDK's per-request handler,
  // which drops the last notification when it shares a read with the result.
  client.setNotificationHandler(ProgressNotificationSchema, (notification) => {
    if (targets.isCurrent()) targets.onProgress(notification.params);
  });
  client.setNotificationHandler(LoggingMessageNotificationSchema, (notification) => {
    if (targets.isCurrent()) targets.onLogMessage(notification.params);
  });
  client.setNotificationHandler(ResourceUpdatedNotificationSchema, (notification) => {
    if (targets.isCurrent()) targets.onResourceUpdated(notification.params.uri);
  });
  client.setNotificationHandler(ToolListChangedNotificationSchema, () => targets.refresh('tools'));
  client.setNotificationHandler(PromptListChangedNotificationSchema, () => targets.refresh('prompts'));
  client.setNotificationHandler(ResourceListChangedNotificationSchema, async () => {
    await Promise.all([targets.refresh('resources'), targets.refresh('resourceTemplates')]);
  });
  for (const schema of [CreateMessageRequestSchema, ElicitRequestSchema, ListRootsRequestSchema]) {
    client.setRequestHandler(
      schema,
      (request, extra) =>
        targets.onServerRequest({ method: request.method, params: request.params }, extra.signal) as never,
    );
  }
}
