/**
 * Where each AI client keeps its user-level MCP config, and in which format, for any platform.
 * Paths are computed, never looked up, so tests can ask for Windows or macOS locations on Linux.
 */
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { posix, win32 } from 'node:path';
import type { SetupClientKind } from '../../../contracts/client-setup.js';

/** The facts a location depends on; tests pass their own instead of the running system's. */
export interface ClientSystem {
  readonly platform: NodeJS.Platform;
  readonly env: NodeJS.ProcessEnv;
  readonly home: string;
  /** The project whose `.mcp.json` Claude Code reads (claude-code-project); the home folder if unset. */
  readonly projectDir?: string;
}

/** The system Gatehouse runs on; GATEHOUSE_PROJECT_DIR names the project, else the working folder. */
export function currentSystem(): ClientSystem {
  return {
    platform: process.platform,
    env: process.env,
    home: homedir(),
    projectDir: process.env.GATEHOUSE_PROJECT_DIR ?? process.cwd(),
  };
}

/**
 * `json`: strict JSON, as the client parses it (a comment would break the client).
 * `jsonc`: JSON with comments and trailing commas (VS Code and its forks).
 * `toml`: Codex's `config.toml`.
 * `yaml`: Goose's `config.yaml`.
 */
export type ConfigFileFormat = 'json' | 'jsonc' | 'toml' | 'yaml';

/**
 * The key that holds the map of servers: `mcpServers`, VS Code's `servers`, Codex's `mcp_servers`,
 * opencode's `mcp`, Zed's `context_servers`, Goose's `extensions`.
 */
export type ServersKey = 'mcpServers' | 'servers' | 'mcp_servers' | 'mcp' | 'context_servers' | 'extensions';

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
  'gemini-cli',
  'opencode',
  'zed',
  'goose',
  'cline',
  'roo-code',
  'lm-studio',
  'vscode-insiders',
  'vscodium',
  'claude-code-project',
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
    case 'vscode-insiders':
    case 'vscodium': {
      // The same `mcp.json` as VS Code, in each build's own user folder ("Code - Insiders", "VSCodium").
      const product = kind === 'vscodium' ? 'VSCodium' : 'Code - Insiders';
      const folder = path.join(appDataFolder(system), product, 'User');
      return inFolder(kind, folder, path.join(folder, 'mcp.json'), 'jsonc', 'servers');
    }
    case 'gemini-cli': {
      // Gemini CLI reads ~/.gemini/settings.json through strip-json-comments, so comments are fine
      // (@google/gemini-cli 0.61.0 bundle: `MCPServerConfig` takes command/url/httpUrl/headers).
      const folder = path.join(home, '.gemini');
      return inFolder(kind, folder, path.join(folder, 'settings.json'), 'jsonc', 'mcpServers');
    }
    case 'opencode': {
      // opencode's global config is $XDG_CONFIG_HOME/opencode/opencode.json(c) on every platform
      // (opencode.ai/docs/config); its schema (`ConfigMCPV1` in opencode-ai 1.18.33) keys servers by
      // name under `mcp`. An existing opencode.jsonc is the file it reads, so that one is edited.
      const folder = path.join(xdgConfigFolder(system), 'opencode');
      const jsonc = path.join(folder, 'opencode.jsonc');
      const file = existsSync(jsonc) ? jsonc : path.join(folder, 'opencode.json');
      return inFolder(kind, folder, file, 'jsonc', 'mcp');
    }
    case 'zed': {
      // Zed keeps settings.json in ~/.config/zed on Linux and macOS, %APPDATA%\Zed on Windows
      // (zed.dev/docs/configuring-zed); MCP servers are `context_servers` (zed.dev/docs/ai/mcp).
      // On macOS Zed ignores XDG_CONFIG_HOME (crates/paths: `home_dir().join(".config/zed")`).
      const folder =
        system.platform === 'win32'
          ? path.join(appDataFolder(system), 'Zed')
          : system.platform === 'darwin'
            ? path.join(home, '.config', 'zed')
            : path.join(xdgConfigFolder(system), 'zed');
      return inFolder(kind, folder, path.join(folder, 'settings.json'), 'jsonc', 'context_servers');
    }
    case 'goose': {
      // block.github.io/goose/docs/guides/config-files: ~/.config/goose/config.yaml on macOS and
      // Linux, %APPDATA%\Block\goose\config\config.yaml on Windows; servers are `extensions`.
      const folder =
        system.platform === 'win32'
          ? path.join(appDataFolder(system), 'Block', 'goose', 'config')
          : path.join(xdgConfigFolder(system), 'goose');
      return inFolder(kind, folder, path.join(folder, 'config.yaml'), 'yaml', 'extensions');
    }
    case 'cline':
    case 'roo-code': {
      // VS Code extensions keep their settings in the editor's globalStorage, under the extension's
      // id: Cline's cline_mcp_settings.json (docs.cline.bot/mcp/configuring-mcp-servers) and Roo
      // Code's mcp_settings.json (docs.roocode.com/features/mcp/using-mcp-in-roo). Both JSON.parse it.
      const [extension, name] =
        kind === 'cline'
          ? ['saoudrizwan.claude-dev', 'cline_mcp_settings.json']
          : ['rooveterinaryinc.roo-cline', 'mcp_settings.json'];
      const folder = path.join(appDataFolder(system), 'Code', 'User', 'globalStorage', extension);
      return inFolder(kind, folder, path.join(folder, 'settings', name), 'json', 'mcpServers');
    }
    case 'lm-studio': {
      // lmstudio.ai/docs/app/mcp: ~/.lmstudio/mcp.json in "Cursor notation" (`url` + `headers`).
      const folder = path.join(home, '.lmstudio');
      return inFolder(kind, folder, path.join(folder, 'mcp.json'), 'json', 'mcpServers');
    }
    case 'claude-code-project': {
      // docs.claude.com/en/docs/claude-code/mcp ("Project scope"): `.mcp.json` at the project's root,
      // same entries as ~/.claude.json. A project Claude Code has opened has a `.claude` folder.
      const project = system.projectDir ?? home;
      const file = path.join(project, '.mcp.json');
      return {
        kind,
        path: file,
        format: 'json',
        serversKey: 'mcpServers',
        presence: [file, path.join(project, '.claude')],
      };
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

/** $XDG_CONFIG_HOME or ~/.config: where XDG-minded tools (opencode, Zed, Goose) keep settings. */
function xdgConfigFolder({ platform, env, home }: ClientSystem): string {
  const path = platform === 'win32' ? win32 : posix;
  return (platform === 'win32' ? undefined : env.XDG_CONFIG_HOME) ?? path.join(home, '.config');
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
