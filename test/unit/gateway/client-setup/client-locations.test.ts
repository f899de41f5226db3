import { describe, expect, it } from 'vitest';
import type { SetupClientKind } from '../../../../shared/contracts/client-setup.js';
import {
  SETUP_CLIENT_KINDS,
  clientConfigLocation,
  type ClientSystem,
} from '../../../../shared/gateway/clients/setup/client-locations.js';

const linux: ClientSystem = { platform: 'linux', env: {}, home: '/home/p', projectDir: '/home/p/src/app' };
const mac: ClientSystem = { platform: 'darwin', env: {}, home: '/Users/p' };
const windows: ClientSystem = {
  platform: 'win32',
  env: { APPDATA: 'C:\\Users\\p\\AppData\\Roaming' },
  home: 'C:\\Users\\p',
};

function paths(system: ClientSystem): Record<SetupClientKind, string> {
  return Object.fromEntries(
    SETUP_CLIENT_KINDS.map((kind) => [kind, clientConfigLocation(kind, system).path]),
  ) as Record<SetupClientKind, string>;
}

describe('clientConfigLocation', () => {
  it('puts every client where it keeps its user config on Linux', () => {
    expect(paths(linux)).toEqual({
      'claude-code': '/home/p/.claude.json',
      'claude-desktop': '/home/p/.config/Claude/claude_desktop_config.json',
      cursor: '/home/p/.cursor/mcp.json',
      vscode: '/home/p/.config/Code/User/mcp.json',
      windsurf: '/home/p/.codeium/windsurf/mcp_config.json',
      codex: '/home/p/.codex/config.toml',
      'gemini-cli': '/home/p/.gemini/settings.json',
      opencode: '/home/p/.config/opencode/opencode.json',
      zed: '/home/p/.config/zed/settings.json',
      goose: '/home/p/.config/goose/config.yaml',
      cline:
        '/home/p/.config/Code/User/globalStorage/saoudrizwan.claude-dev/settings/cline_mcp_settings.json',
      'roo-code':
        '/home/p/.config/Code/User/globalStorage/rooveterinaryinc.roo-cline/settings/mcp_settings.json',
      'lm-studio': '/home/p/.lmstudio/mcp.json',
      'vscode-insiders': '/home/p/.config/Code - Insiders/User/mcp.json',
      vscodium: '/home/p/.config/VSCodium/User/mcp.json',
      'claude-code-project': '/home/p/src/app/.mcp.json',
    });
  });

  it('uses Application Support on macOS', () => {
    expect(paths(mac)).toMatchObject({
      'claude-desktop': '/Users/p/Library/Application Support/Claude/claude_desktop_config.json',
      vscode: '/Users/p/Library/Application Support/Code/User/mcp.json',
      cursor: '/Users/p/.cursor/mcp.json',
    });
  });

  it('uses %APPDATA% and backslashes on Windows, without touching the disk', () => {
    expect(paths(windows)).toEqual({
      'claude-code': 'C:\\Users\\p\\.claude.json',
      'claude-desktop': 'C:\\Users\\p\\AppData\\Roaming\\Claude\\claude_desktop_config.json',
      cursor: 'C:\\Users\\p\\.cursor\\mcp.json',
      vscode: 'C:\\Users\\p\\AppData\\Roaming\\Code\\User\\mcp.json',
      windsurf: 'C:\\Users\\p\\.codeium\\windsurf\\mcp_config.json',
      codex: 'C:\\Users\\p\\.codex\\config.toml',
      'gemini-cli': 'C:\\Users\\p\\.gemini\\settings.json',
      opencode: 'C:\\Users\\p\\.config\\opencode\\opencode.json',
      zed: 'C:\\Users\\p\\AppData\\Roaming\\Zed\\settings.json',
      goose: 'C:\\Users\\p\\AppData\\Roaming\\Block\\goose\\config\\config.yaml',
      cline:
        'C:\\Users\\p\\AppData\\Roaming\\Code\\User\\globalStorage\\saoudrizwan.claude-dev\\settings\\cline_mcp_settings.json',
      'roo-code':
        'C:\\Users\\p\\AppData\\Roaming\\Code\\User\\globalStorage\\rooveterinaryinc.roo-cline\\settings\\mcp_settings.json',
      'lm-studio': 'C:\\Users\\p\\.lmstudio\\mcp.json',
      'vscode-insiders': 'C:\\Users\\p\\AppData\\Roaming\\Code - Insiders\\User\\mcp.json',
      vscodium: 'C:\\Users\\p\\AppData\\Roaming\\VSCodium\\User\\mcp.json',
      // No project named: the home folder stands in.
      'claude-code-project': 'C:\\Users\\p\\.mcp.json',
    });
    const withoutAppData = { ...windows, env: {} };
    expect(clientConfigLocation('claude-desktop', withoutAppData).path).toBe(
      'C:\\Users\\p\\AppData\\Roaming\\Claude\\claude_desktop_config.json',
    );
  });

  it('follows XDG_CONFIG_HOME, CLAUDE_CONFIG_DIR and CODEX_HOME', () => {
    const env = { XDG_CONFIG_HOME: '/xdg', CLAUDE_CONFIG_DIR: '/cc', CODEX_HOME: '/codex' };
    expect(paths({ ...linux, env })).toMatchObject({
      'claude-code': '/cc/.claude.json',
      'claude-desktop': '/xdg/Claude/claude_desktop_config.json',
      vscode: '/xdg/Code/User/mcp.json',
      codex: '/codex/config.toml',
      opencode: '/xdg/opencode/opencode.json',
      zed: '/xdg/zed/settings.json',
      goose: '/xdg/goose/config.yaml',
    });
  });

  it('names each client format and server key', () => {
    const formats = SETUP_CLIENT_KINDS.map((kind) => {
      const { format, serversKey } = clientConfigLocation(kind, linux);
      return `${kind}: ${format} ${serversKey}`;
    });
    expect(formats).toEqual([
      'claude-code: json mcpServers',
      'claude-desktop: json mcpServers',
      'cursor: jsonc mcpServers',
      'vscode: jsonc servers',
      'windsurf: jsonc mcpServers',
      'codex: toml mcp_servers',
      'gemini-cli: jsonc mcpServers',
      'opencode: jsonc mcp',
      'zed: jsonc context_servers',
      'goose: yaml extensions',
      'cline: json mcpServers',
      'roo-code: json mcpServers',
      'lm-studio: json mcpServers',
      'vscode-insiders: jsonc servers',
      'vscodium: jsonc servers',
      'claude-code-project: json mcpServers',
    ]);
  });

  it("treats Claude Code's .claude folder, not the home folder, as the sign it is installed", () => {
    expect(clientConfigLocation('claude-code', linux).presence).toEqual([
      '/home/p/.claude.json',
      '/home/p/.claude',
    ]);
  });
});
