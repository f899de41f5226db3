/**
 * How to point each kind of AI client at Gatehouse, in that client's own words and format.
 * (Issue 7 writes these files for the person; this only tells them what to write.)
 */
import { fileURLToPath } from 'node:url';
import type { ClientKind, ConnectInstructions } from '../../contracts/client-record.js';

export interface ConnectTarget {
  /** The gateway's `/mcp` URL. */
  readonly url: string;
  /** The client's token, or a placeholder when it is not being shown. */
  readonly token: string;
}

/** The placeholder shown where a token goes once it can no longer be displayed. */
export const TOKEN_PLACEHOLDER = '<the token shown when the client was added>';

/** The command that runs `gatehouse connect` from this installation (for stdio-only clients). */
export function bridgeCommand(): { command: string; args: string[] } {
  // Inside the desktop app the binary is Electron with run-as-node switched off by its fuses: the
  // app itself has a `connect` mode (see electron/main/main.ts). `defaultApp` is set when Electron
  // runs an unpackaged app, whose main script must then be named first.
  if (process.versions.electron) {
    const unpackaged = (process as { defaultApp?: boolean }).defaultApp === true;
    return { command: process.execPath, args: [...(unpackaged ? [process.argv[1] ?? ''] : []), 'connect'] };
  }
  const cli = fileURLToPath(new URL('../cli/main.js', import.meta.url));
  // Running from source (tsx), the entry point is the .ts file next to this one.
  if (import.meta.url.endsWith('.ts'))
    return { command: 'npx', args: ['tsx', cli.replace(/\.js$/, '.ts'), 'connect'] };
  return { command: process.execPath, args: [cli, 'connect'] };
}

const json = (value: unknown) => ({ language: 'json' as const, text: `${JSON.stringify(value, null, 2)}\n` });

export function connectInstructions(kind: ClientKind, target: ConnectTarget): ConnectInstructions {
  const headers = { Authorization: `Bearer ${target.token}` };
  const bridge = bridgeCommand();
  switch (kind) {
    case 'claude-code':
      return {
        kind,
        title: 'Claude Code',
        steps: ['Run this once in a terminal; Claude Code then lists Gatehouse under /mcp.'],
        snippet: {
          language: 'shell',
          text: `claude mcp add --transport http --scope user gatehouse ${target.url} --header "Authorization: Bearer ${target.token}"\n`,
        },
      };
    case 'claude-desktop':
      return {
        kind,
        title: 'Claude Desktop',
        steps: [
          'Claude Desktop only launches commands, so it reaches Gatehouse through `gatehouse connect`.',
          'Open Settings → Developer → Edit Config, add this entry under "mcpServers", and restart Claude Desktop.',
        ],
        file: 'claude_desktop_config.json',
        snippet: json({
          mcpServers: { gatehouse: { ...bridge, env: { GATEHOUSE_TOKEN: target.token } } },
        }),
      };
    case 'cursor':
      return {
        kind,
        title: 'Cursor',
        steps: ['Add this to ~/.cursor/mcp.json (or .cursor/mcp.json in a project).'],
        file: '~/.cursor/mcp.json',
        snippet: json({ mcpServers: { gatehouse: { url: target.url, headers } } }),
      };
    case 'vscode':
      return {
        kind,
        title: 'VS Code',
        steps: ['Add this to .vscode/mcp.json in your workspace (or run "MCP: Open User Configuration").'],
        file: '.vscode/mcp.json',
        snippet: json({ servers: { gatehouse: { type: 'http', url: target.url, headers } } }),
      };
    case 'windsurf':
      return {
        kind,
        title: 'Windsurf',
        steps: ['Add this to ~/.codeium/windsurf/mcp_config.json and refresh the MCP servers.'],
        file: '~/.codeium/windsurf/mcp_config.json',
        snippet: json({ mcpServers: { gatehouse: { serverUrl: target.url, headers } } }),
      };
    case 'codex':
      return {
        kind,
        title: 'Codex',
        steps: ['Add this to ~/.codex/config.toml (or run `gatehouse clients connect codex`).'],
        file: '~/.codex/config.toml',
        snippet: {
          language: 'toml',
          // The same entry `gatehouse clients connect codex` writes: Streamable HTTP, literal header.
          text:
            `[mcp_servers.gatehouse]\nurl = ${JSON.stringify(target.url)}\n` +
            `http_headers = { Authorization = ${JSON.stringify(`Bearer ${target.token}`)} }\n`,
        },
      };
    case 'other':
      return {
        kind,
        title: 'Any MCP client',
        steps: ['Connect over Streamable HTTP to this URL with this header.'],
        snippet: { language: 'shell', text: `URL: ${target.url}\nAuthorization: Bearer ${target.token}\n` },
      };
  }
}
