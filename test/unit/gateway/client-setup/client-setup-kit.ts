/**
 * A throwaway home folder holding each client's config file as people really have them: comments
 * and trailing commas where the client allows them, tabs, CRLF line endings, other TOML tables.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { SetupClientKind } from '../../../../shared/contracts/client-setup.js';
import { ClientSetup } from '../../../../shared/gateway/clients/setup/client-setup.js';
import {
  clientConfigLocation,
  type ClientSystem,
} from '../../../../shared/gateway/clients/setup/client-locations.js';
import type { Clock } from '../../../../shared/gateway/clock.js';

export const GATEWAY_URL = 'http://127.0.0.1:4283/mcp';
export const TOKEN = 'gh_tok_8d1f0c4e9a7b2c5d3e6f';
export const TARGET = { url: GATEWAY_URL, token: TOKEN };
export const BRIDGE = { command: '/opt/gatehouse/bin/node', args: ['/opt/gatehouse/cli/main.js', 'connect'] };

/** Each client's file before Gatehouse touches it. */
export const ORIGINAL: Record<SetupClientKind, string> = {
  'claude-code': `{
  "numStartups": 42,
  "theme": "dark",
  "mcpServers": {
    "github": {
      "type": "stdio",
      "command": "npx",
      "args": [
        "-y",
        "@modelcontextprotocol/server-github"
      ],
      "env": {
        "GITHUB_PERSONAL_ACCESS_TOKEN": "ghp_16C7e42F292c6912E7710c838347Ae178B4a"
      }
    }
  },
  "projects": {
    "/home/p/src/app": {
      "allowedTools": [],
      "mcpServers": {}
    }
  }
}`,
  'claude-desktop': `{
  "mcpServers": {
    "filesystem": {
      "command": "npx",
      "args": ["-y", "@modelcontextprotocol/server-filesystem", "/home/p/Documents"]
    }
  },
  "globalShortcut": "Ctrl+Space"
}
`,
  cursor: `{
  // Servers for every project
  "mcpServers": {
    "linear": {
      "url": "https://mcp.linear.app/mcp",
      "headers": { "Authorization": "Bearer lin_api_9f8e7d6c5b4a39281706" }, // personal key
    },
  },
}
`,
  vscode: [
    '{',
    '\t// Added with "MCP: Add Server"',
    '\t"servers": {',
    '\t\t"memory": {',
    '\t\t\t"type": "stdio",',
    '\t\t\t"command": "npx",',
    '\t\t\t"args": ["-y", "@modelcontextprotocol/server-memory"],',
    '\t\t},',
    '\t},',
    '\t"inputs": [',
    '\t\t{ "type": "promptString", "id": "api-key", "description": "API key", "password": true },',
    '\t],',
    '}',
    '',
  ].join('\n'),
  windsurf: [
    '{',
    '  "mcpServers": {',
    '    "context7": {',
    '      "serverUrl": "https://mcp.context7.com/mcp"',
    '    }',
    '  }',
    '}',
    '',
  ].join('\r\n'),
  codex: `# Codex settings
model = "gpt-5-codex"
approval_policy = "on-request"  # ask before running commands

[sandbox_workspace_write]
network_access = false

# Local docs server
[mcp_servers.docs]
command = "npx"
args = ["-y", "@example/docs-mcp"]
env = { DOCS_TOKEN = "docs_secret_123" }

[mcp_servers.figma]
url = "http://127.0.0.1:3845/mcp"
bearer_token_env_var = "FIGMA_TOKEN"

[profiles.fast]
model = "gpt-5-mini"
`,
};

/** A clock that moves one second each time it is read, so backups get distinct names. */
export function steppingClock(start = Date.UTC(2026, 0, 2, 3, 4, 5)): Clock {
  let now = start;
  return { now: () => (now += 1000) };
}

/** A temporary home with every client's folder, a data folder, and a ClientSetup over both. */
export class TestHome {
  readonly root = mkdtempSync(join(tmpdir(), 'gatehouse-client-setup-'));
  readonly home = join(this.root, 'home');
  readonly dataDir = join(this.root, 'data');
  readonly system: ClientSystem = { platform: 'linux', env: {}, home: this.home };
  readonly setup = new ClientSetup({
    dataDir: this.dataDir,
    system: this.system,
    clock: steppingClock(),
    bridge: BRIDGE,
  });

  constructor() {
    mkdirSync(this.home, { recursive: true });
  }

  path(kind: SetupClientKind): string {
    return clientConfigLocation(kind, this.system).path;
  }

  /** Writes `kind`'s file (the realistic one unless told otherwise). */
  write(kind: SetupClientKind, text: string = ORIGINAL[kind]): string {
    const path = this.path(kind);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
    return path;
  }

  /** Every client installed with its realistic file. */
  writeAll(): void {
    for (const kind of Object.keys(ORIGINAL) as SetupClientKind[]) this.write(kind);
  }

  /** Creates the client's folder only: installed, no config file yet. */
  install(kind: SetupClientKind): void {
    const location = clientConfigLocation(kind, this.system);
    mkdirSync(location.presence.at(-1)!, { recursive: true });
  }

  remove(): void {
    rmSync(this.root, { recursive: true, force: true });
  }
}

/** Whether `lines` of the original all appear, in order, in `after` (allowing an added comma). */
export function keepsEveryLine(original: string, after: string): boolean {
  const afterLines = after.split(/\r?\n/);
  let at = 0;
  for (const line of original.split(/\r?\n/)) {
    while (at < afterLines.length && afterLines[at] !== line && afterLines[at] !== `${line},`) at++;
    if (at === afterLines.length) return false;
    at++;
  }
  return true;
}
