/**
 * How to point each kind of AI client at Gatehouse, in that client's own words and format.
 * (Issue 7 writes these files for the person; this only tells them what to write.)
 */
import { fileURLToPath } from 'node:url';
import type { ClientKind, ConnectInstructions } from '../../contracts/client-record.js';
import { appExecutable } from '../config/app-executable.js';
import { stringify as stringifyYaml } from 'yaml';
import { gatehouseEntry, type BridgeCommand } from './setup/gatehouse-entry.js';

export interface ConnectTarget {
  /** The gateway's `/mcp` URL. */
  readonly url: string;
  /** The client's token, or a placeholder when it is not being shown. */
  readonly token: string;
}

/** The placeholder shown where a token goes once it can no longer be displayed. */
export const TOKEN_PLACEHOLDER = '<the token shown when the client was added>';

/**
 * The environment variable through which the desktop app tells its engine (a child process,
 * whose own `execPath` is Electron's helper, not the app) which command runs `connect`.
 */
export const BRIDGE_COMMAND_ENV = 'GATEHOUSE_BRIDGE_COMMAND';

/** What `bridgeCommand` looks at, so tests can describe any installation. */
export interface BridgeRuntime {
  readonly env: NodeJS.ProcessEnv;
  readonly execPath: string;
  /** Set when the process is Electron. */
  readonly electron: boolean;
  /** Electron's `process.defaultApp`: an unpackaged app whose main script must be named first. */
  readonly defaultApp: boolean;
  /** The main script, for an unpackaged app. */
  readonly mainScript: string | undefined;
  /** This module's URL: the CLI sits next to it. */
  readonly moduleUrl: string;
}

function currentRuntime(): BridgeRuntime {
  return {
    env: process.env,
    execPath: process.execPath,
    electron: process.versions.electron !== undefined,
    defaultApp: (process as { defaultApp?: boolean }).defaultApp === true,
    mainScript: process.argv[1],
    moduleUrl: import.meta.url,
  };
}

/** The command that runs `gatehouse connect` from this installation (for stdio-only clients). */
export function bridgeCommand(runtime: BridgeRuntime = currentRuntime()): BridgeCommand {
  const given = parseBridgeCommand(runtime.env[BRIDGE_COMMAND_ENV]);
  if (given) return given;
  // Inside the desktop app the binary is Electron with run-as-node switched off by its fuses: the
  // app itself has a `connect` mode (see electron/main/main.ts).
  if (runtime.electron) {
    const extra = runtime.defaultApp ? [runtime.mainScript ?? ''] : [];
    return { command: appExecutable(runtime), args: [...extra, 'connect'] };
  }
  const cli = fileURLToPath(new URL('../cli/main.js', runtime.moduleUrl));
  // Running from source (tsx), the entry point is the .ts file next to this one.
  if (runtime.moduleUrl.endsWith('.ts'))
    return { command: 'npx', args: ['tsx', cli.replace(/\.js$/, '.ts'), 'connect'] };
  return { command: runtime.execPath, args: [cli, 'connect'] };
}

/** Reads the command the desktop app handed its engine; anything malformed counts as absent. */
function parseBridgeCommand(text: string | undefined): BridgeCommand | undefined {
  if (!text) return undefined;
  try {
    const value = JSON.parse(text) as { command?: unknown; args?: unknown };
    if (
      typeof value.command === 'string' &&
      Array.isArray(value.args) &&
      value.args.every((arg): arg is string => typeof arg === 'string')
    )
      return { command: value.command, args: value.args };
  } catch {
    // Not JSON: fall through to working it out here.
  }
  return undefined;
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
    case 'gemini-cli':
    case 'opencode':
    case 'zed':
    case 'goose':
    case 'cline':
    case 'roo-code':
    case 'lm-studio':
    case 'vscode-insiders':
    case 'vscodium':
    case 'claude-code-project':
      return fileClientInstructions(kind, target);
    case 'other':
      return {
        kind,
        title: 'Any MCP client',
        steps: ['Connect over Streamable HTTP to this URL with this header.'],
        snippet: { language: 'shell', text: `URL: ${target.url}\nAuthorization: Bearer ${target.token}\n` },
      };
  }
}

/** The clients added in issue 18, each set up by writing its own file. */
type FileClientKind =
  | 'gemini-cli'
  | 'opencode'
  | 'zed'
  | 'goose'
  | 'cline'
  | 'roo-code'
  | 'lm-studio'
  | 'vscode-insiders'
  | 'vscodium'
  | 'claude-code-project';

/** Name, file and servers key of each; the entry itself is the one `gatehouse clients connect` writes. */
const FILE_CLIENTS: Record<FileClientKind, { title: string; file: string; key: string }> = {
  'gemini-cli': { title: 'Gemini CLI', file: '~/.gemini/settings.json', key: 'mcpServers' },
  opencode: { title: 'opencode', file: '~/.config/opencode/opencode.json', key: 'mcp' },
  zed: { title: 'Zed', file: '~/.config/zed/settings.json', key: 'context_servers' },
  goose: { title: 'Goose', file: '~/.config/goose/config.yaml', key: 'extensions' },
  cline: {
    title: 'Cline',
    file: 'cline_mcp_settings.json (Cline → MCP Servers → Configure)',
    key: 'mcpServers',
  },
  'roo-code': {
    title: 'Roo Code',
    file: 'mcp_settings.json (Roo Code → MCP → Edit Global MCP)',
    key: 'mcpServers',
  },
  'lm-studio': { title: 'LM Studio', file: '~/.lmstudio/mcp.json', key: 'mcpServers' },
  'vscode-insiders': { title: 'VS Code Insiders', file: 'Code - Insiders/User/mcp.json', key: 'servers' },
  vscodium: { title: 'VSCodium', file: 'VSCodium/User/mcp.json', key: 'servers' },
  'claude-code-project': { title: 'Claude Code (this project)', file: '.mcp.json', key: 'mcpServers' },
};

function fileClientInstructions(kind: FileClientKind, target: ConnectTarget): ConnectInstructions {
  const { title, file, key } = FILE_CLIENTS[kind];
  const entry = gatehouseEntry(kind, target, bridgeCommand());
  const steps = [`Add this to ${file}, or let Gatehouse write it: Clients → Connect your apps.`];
  if (kind === 'goose') {
    const yaml = stringifyYaml({ [key]: { gatehouse: entry } });
    return { kind, title, steps, file, snippet: { language: 'yaml', text: yaml } };
  }
  return { kind, title, steps, file, snippet: json({ [key]: { gatehouse: entry } }) };
}
