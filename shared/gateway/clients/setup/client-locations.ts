/**
 * Where each AI client keeps its user-level MCP config, and in which format, for any platform.
 * Paths are computed, never looked up, so tests can ask for Windows or macOS locations on Linux.
 */
import { homedir } from 'node:os';
import { posix, win32 } from 'node:path';
import type { SetupClientKind } from '../../../contracts/client-setup.js';

/** The facts a location depends on; tests pass their own instead of the running system's. */
export interface ClientSystem {
  readonly platform: NodeJS.Platform;
  readonly env: NodeJS.ProcessEnv;
  readonly home: string;
}

/** The system Gatehouse runs on. */
export function currentSystem(): ClientSystem {
  return { platform: process.platform, env: process.env, home: homedir() };
}

/**
 * `json`: strict JSON, as the client parses it (a comment would break the client).
 * `jsonc`: JSON with comments and trailing commas (VS Code and its forks).
 * `toml`: Codex's `config.toml`.
 */
export type ConfigFileFormat = 'json' | 'jsonc' | 'toml';

/** The key that holds the map of servers: `mcpServers`, VS Code's `servers`, Codex's `mcp_servers`. */
export type ServersKey = 'mcpServers' | 'servers' | 'mcp_servers';

/** One client's config file and how to read it. */
export interface ClientConfigLocation {
  readonly kind: SetupClientKind;
  readonly path: string;
  readonly format: ConfigFileFormat;
  readonly serversKey: ServersKey;
  /** Paths any of which, existing, shows the client is installed (its folder, or the file itself). */
  readonly presence: readonly string[];
}

/** Every kind Gatehouse can set up, in the order the UI lists them. */
export const SETUP_CLIENT_KINDS: readonly SetupClientKind[] = [
  'claude-code',
  'claude-desktop',
  'cursor',
  'vscode',
  'windsurf',
  'codex',
];

/** The user-level config file of `kind` on `system`. */
export function clientConfigLocation(
  kind: SetupClientKind,
  system: ClientSystem = currentSystem(),
): ClientConfigLocation {
  const path = system.platform === 'win32' ? win32 : posix;
  const { env, home } = system;
  switch (kind) {
    case 'claude-code': {
      // CLAUDE_CONFIG_DIR moves `.claude.json` into that folder; by default it sits in the home
      // folder itself, which always exists, so the `.claude` folder beside it marks an install.
      const folder = env.CLAUDE_CONFIG_DIR;
      const file = path.join(folder ?? home, '.claude.json');
      const presence = folder ? [file, folder] : [file, path.join(home, '.claude')];
      return { kind, path: file, format: 'json', serversKey: 'mcpServers', presence };
    }
    case 'claude-desktop': {
      const folder = path.join(appDataFolder(system), 'Claude');
      return {
        kind,
        path: path.join(folder, 'claude_desktop_config.json'),
        format: 'json',
        serversKey: 'mcpServers',
        presence: [folder],
      };
    }
    case 'cursor': {
      const folder = path.join(home, '.cursor');
      return inFolder(kind, folder, path.join(folder, 'mcp.json'), 'jsonc', 'mcpServers');
    }
    case 'vscode': {
      const folder = path.join(appDataFolder(system), 'Code', 'User');
      return inFolder(kind, folder, path.join(folder, 'mcp.json'), 'jsonc', 'servers');
    }
    case 'windsurf': {
      const folder = path.join(home, '.codeium', 'windsurf');
      // Windsurf is a VS Code fork and reads comments; being lenient only avoids refusing its file.
      return inFolder(kind, folder, path.join(folder, 'mcp_config.json'), 'jsonc', 'mcpServers');
    }
    case 'codex': {
      const folder = env.CODEX_HOME ?? path.join(home, '.codex');
      return inFolder(kind, folder, path.join(folder, 'config.toml'), 'toml', 'mcp_servers');
    }
  }
}

function inFolder(
  kind: SetupClientKind,
  folder: string,
  file: string,
  format: ConfigFileFormat,
  serversKey: ServersKey,
): ClientConfigLocation {
  return { kind, path: file, format, serversKey, presence: [file, folder] };
}

/**
 * Where Electron apps (Claude Desktop, VS Code) keep per-user data: Application Support on macOS,
 * %APPDATA% on Windows, $XDG_CONFIG_HOME or ~/.config elsewhere.
 */
function appDataFolder({ platform, env, home }: ClientSystem): string {
  switch (platform) {
    case 'darwin':
      return posix.join(home, 'Library', 'Application Support');
    case 'win32':
      return env.APPDATA ?? win32.join(home, 'AppData', 'Roaming');
    default:
      return env.XDG_CONFIG_HOME ?? posix.join(home, '.config');
  }
}
