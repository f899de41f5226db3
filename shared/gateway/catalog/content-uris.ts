/**
 * Rewrites the resource URIs a server names inside its answers into the URIs clients know, so a
 * client can follow them back through Gatehouse: `resource_link` and embedded `resource` content
 * in tool results and prompt messages, and `contents[].uri` of a `resources/read`.
 *
 * Only those fields change. Every other field, known or not, is kept as the server sent it, and
 * an answer with nothing to rewrite is returned as the same object.
 */
import type { RequestResult } from '../upstream/model.js';

/** Maps an upstream URI to the one the client sees. */
export type ExposeUri = (uri: string) => string;

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** One content block (tool result or prompt message) with its resource URI exposed. */
function exposeContentBlock(block: unknown, expose: ExposeUri): unknown {
  if (!isObject(block)) return block;
  if (block.type === 'resource_link' && typeof block.uri === 'string') {
    const uri = expose(block.uri);
    return uri === block.uri ? block : { ...block, uri };
  }
  if (block.type === 'resource' && isObject(block.resource) && typeof block.resource.uri === 'string') {
    const uri = expose(block.resource.uri);
    return uri === block.resource.uri ? block : { ...block, resource: { ...block.resource, uri } };
  }
  return block;
}

function exposeBlocks(blocks: unknown, expose: ExposeUri): unknown {
  if (!Array.isArray(blocks)) return blocks;
  let changed = false;
  const next = blocks.map((block: unknown) => {
    const exposed = exposeContentBlock(block, expose);
    if (exposed !== block) changed = true;
    return exposed;
  });
  return changed ? next : blocks;
}

/** A `tools/call` result with the URIs in its `content` exposed. */
export function exposeToolResultUris(result: RequestResult, expose: ExposeUri): RequestResult {
  const content = exposeBlocks(result.content, expose);
  return content === result.content ? result : { ...result, content };
}

/** A `prompts/get` result with the URIs in its messages' content exposed. */
export function exposePromptResultUris(result: RequestResult, expose: ExposeUri): RequestResult {
  const messages = result.messages;
  if (!Array.isArray(messages)) return result;
  let changed = false;
  const next = messages.map((message: unknown) => {
    if (!isObject(message)) return message;
    // A message holds one content block (2025-06-18 and later); arrays are accepted all the same.
    const content = Array.isArray(message.content)
      ? exposeBlocks(message.content, expose)
      : exposeContentBlock(message.content, expose);
    if (content === message.content) return message;
    changed = true;
    return { ...message, content };
  });
  return changed ? { ...result, messages: next } : result;
}

/** A `resources/read` result with `contents[].uri` exposed. */
export function exposeReadResultUris(result: RequestResult, expose: ExposeUri): RequestResult {
  const contents = result.contents;
  if (!Array.isArray(contents)) return result;
  let changed = false;
  const next = contents.map((content: unknown) => {
    if (!isObject(content) || typeof content.uri !== 'string') return content;
    const uri = expose(content.uri);
    if (uri === content.uri) return content;
    changed = true;
    return { ...content, uri };
  });
  return changed ? { ...result, contents: next } : result;
}
