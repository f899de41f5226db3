/**
 * The documented caps client apps put on how many tools they pass to the model. Gatehouse shows
 * a client's tool count against its cap and suggests search mode past it.
 */
import type { ClientKind } from '../../../contracts/client-record.js';
import type { ToolLimit } from '../../../contracts/catalog-budget.js';

// Sources, as each vendor documents them:
// - Cursor: "Cursor currently only sends the first 40 tools to the Agent" (Cursor docs, Model
//   Context Protocol, "Limitations → Tool quantity"; docs.cursor.com/context/model-context-protocol).
// - VS Code (GitHub Copilot chat): "You can have a maximum of 128 tools enabled for a chat request"
//   (code.visualstudio.com/docs/copilot/chat/chat-tools, "Tools picker"); MCP server READMEs such as
//   postmanlabs/postman-mcp-server warn about the same 128-tool cap.
// - Windsurf: "Cascade has a limit of 100 total tools that it has access to at any given time"
//   (docs.windsurf.com/windsurf/cascade/mcp).
// - Codex: runs on the OpenAI Responses API, whose `tools` array takes at most 128 functions
//   (platform.openai.com/docs/api-reference, function calling limits).
// - Claude Code and Claude Desktop document no count cap; Claude Code defers MCP tools behind its
//   own tool search once they pass a share of the context window (docs.anthropic.com, Claude Code
//   MCP, "tool search"), so the token figure is the one that matters there.
const LIMITS: Partial<Record<ClientKind, ToolLimit>> = {
  cursor: {
    maxTools: 40,
    note: 'Cursor sends only the first 40 tools to its agent (Cursor docs: MCP limitations).',
  },
  vscode: {
    maxTools: 128,
    note: 'VS Code allows at most 128 tools per chat request (VS Code docs: chat tools).',
  },
  windsurf: {
    maxTools: 100,
    note: 'Windsurf Cascade takes at most 100 tools in total (Windsurf docs: MCP).',
  },
  codex: { maxTools: 128, note: 'OpenAI models take at most 128 tools per request (OpenAI API docs).' },
};

/** The documented tool cap of a kind of client, if it has one. */
export function toolLimit(kind: ClientKind | undefined): ToolLimit | undefined {
  return kind ? LIMITS[kind] : undefined;
}

const KIND_BY_NAME: ReadonlyArray<[RegExp, ClientKind]> = [
  [/cursor/i, 'cursor'],
  [/vs-?code|copilot/i, 'vscode'],
  [/windsurf|cascade/i, 'windsurf'],
  [/codex/i, 'codex'],
  [/claude[-_.]?code/i, 'claude-code'],
  [/claude/i, 'claude-desktop'],
];

/** A client's kind as configured, else guessed from its name ("cursor-work" is Cursor). */
export function clientKind(name: string, configured: ClientKind | undefined): ClientKind | undefined {
  if (configured) return configured;
  return KIND_BY_NAME.find(([pattern]) => pattern.test(name))?.[1];
}
