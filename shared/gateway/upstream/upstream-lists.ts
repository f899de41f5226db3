/**
 * What an upstream offers, read after it connects: its capabilities and its lists, followed
 * through every page.
 */
import type { SdkClient } from './sdk-client.js';
import { ErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import type { UpstreamFeatures, UpstreamLists } from './model.js';

/** Results are relayed, not interpreted: accept any object without the cost of a full schema. */
export const PassThroughResultSchema = z.looseObject({});

/** The longest list Gatehouse follows before it suspects a server's cursors loop. */
const MAX_LIST_PAGES = 1000;

export const NO_FEATURES: UpstreamFeatures = {
  tools: false,
  prompts: false,
  resources: false,
  resourceSubscribe: false,
  logging: false,
  completions: false,
};

/** What the connected server declared it can do. */
export function readFeatures(client: SdkClient): UpstreamFeatures {
  const capabilities = client.getServerCapabilities() ?? {};
  return {
    tools: Boolean(capabilities.tools),
    prompts: Boolean(capabilities.prompts),
    resources: Boolean(capabilities.resources),
    resourceSubscribe: Boolean(capabilities.resources?.subscribe),
    logging: Boolean(capabilities.logging),
    completions: Boolean(capabilities.completions),
    instructions: client.getInstructions(),
    ...(capabilities.extensions ? { extensions: capabilities.extensions } : {}),
  };
}

/** Every list the server declared it has, each followed to its end. */
export async function listEverything(
  client: SdkClient,
  features: UpstreamFeatures,
  timeoutMs: number,
): Promise<UpstreamLists> {
  const [tools, prompts, resources, resourceTemplates] = await Promise.all([
    features.tools ? listAll(client, 'tools/list', 'tools', timeoutMs) : [],
    features.prompts ? listAll(client, 'prompts/list', 'prompts', timeoutMs) : [],
    features.resources ? listAll(client, 'resources/list', 'resources', timeoutMs) : [],
    features.resources ? listAll(client, 'resources/templates/list', 'resourceTemplates', timeoutMs) : [],
  ]);
  return { tools, prompts, resources, resourceTemplates } as UpstreamLists;
}

/** Follows a list's pagination cursors to the end; each page may take up to `timeoutMs`. */
export async function listAll(
  client: SdkClient,
  method: string,
  field: keyof UpstreamLists,
  timeoutMs: number,
): Promise<unknown[]> {
  const items: unknown[] = [];
  const seenCursors = new Set<string>();
  let cursor: string | undefined;
  for (let page = 0; page < MAX_LIST_PAGES; page++) {
    let result: Record<string, unknown>;
    try {
      result = await client.request(
        { method, params: cursor ? { cursor } : {} } as never,
        PassThroughResultSchema,
        { timeout: timeoutMs },
      );
    } catch (error: unknown) {
      // Servers that declare resources often lack templates/list (and some lack other lists):
      // an unimplemented list is an empty one, not a broken server.
      if (error instanceof McpError && error.code === ErrorCode.MethodNotFound) return items;
      throw error;
    }
    const pageItems = result[field];
    if (Array.isArray(pageItems)) items.push(...pageItems.filter(isListItem));
    const next = result.nextCursor;
    if (typeof next !== 'string' || next === '' || seenCursors.has(next)) return items;
    seenCursors.add(next);
    cursor = next;
  }
  return items;
}

function isListItem(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
