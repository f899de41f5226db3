/**
 * The two tools Gatehouse itself lists for a client in search mode: one that finds tools by what
 * the person wants done, and one that calls a tool found that way.
 */
import type { ToolDefinition } from '../../upstream/model.js';

/** Finds tools; answers with their full definitions. */
export const SEARCH_TOOL_NAME = 'gatehouse_search_tools';
/** Calls a tool by the name a search answered with. */
export const CALL_TOOL_NAME = 'gatehouse_call_tool';

/** How many tools a search answers with unless the model asks for another number. */
export const DEFAULT_SEARCH_LIMIT = 5;
/** The most tools one search answers with. */
export const MAX_SEARCH_LIMIT = 20;

/**
 * The search tool's definition. Its description names the servers behind it, so a client that
 * re-lists after `list_changed` sees what changed even though the tool set is fixed.
 */
export function searchToolDefinition(toolCount: number, servers: readonly string[]): ToolDefinition {
  const from = servers.length > 0 ? ` from ${servers.join(', ')}` : '';
  return {
    name: SEARCH_TOOL_NAME,
    title: 'Search tools',
    description:
      `Finds the right tool among ${toolCount} tools${from}. Say what you want to do in plain words ` +
      `("create an issue about the login bug"); the answer lists the best matching tools with their full ` +
      `descriptions and input schemas (also of tools whose listed description ends in "…"). ` +
      `Then run one with ${CALL_TOOL_NAME}.`,
    inputSchema: {
      type: 'object',
      properties: {
        query: { type: 'string', description: 'What you want to do, in plain words.' },
        limit: {
          type: 'integer',
          minimum: 1,
          maximum: MAX_SEARCH_LIMIT,
          description: `How many tools to return (default ${DEFAULT_SEARCH_LIMIT}).`,
        },
      },
      required: ['query'],
    },
    annotations: { readOnlyHint: true, openWorldHint: false },
  };
}

/** The call tool's definition. */
export function callToolDefinition(): ToolDefinition {
  return {
    name: CALL_TOOL_NAME,
    title: 'Call a tool',
    description:
      `Runs a tool that ${SEARCH_TOOL_NAME} found, by its exact name, with arguments that match its ` +
      'input schema. The call is checked, approved and audited like any other.',
    inputSchema: {
      type: 'object',
      properties: {
        name: { type: 'string', description: 'The tool name exactly as the search answered it.' },
        arguments: { type: 'object', description: "The tool's arguments.", additionalProperties: true },
      },
      required: ['name'],
    },
  };
}
