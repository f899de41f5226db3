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
  // Gemini CLI's settings.json: other settings around mcpServers, a comment (strip-json-comments).
  'gemini-cli': `{
  // theme picked in /settings
  "ui": { "theme": "GitHub" },
  "security": { "auth": { "selectedType": "oauth-personal" } },
  "mcpServers": {
    "github": {
      "httpUrl": "https://api.githubcopilot.com/mcp/",
      "headers": { "Authorization": "Bearer ghp_gem1n1C7e42F292c6912E7710c83" },
      "timeout": 5000
    },
    "sqlite": { "command": "uvx", "args": ["mcp-server-sqlite", "--db-path", "/home/p/app.db"] }
  }
}
`,
  opencode: `{
  "$schema": "https://opencode.ai/config.json",
  "theme": "opencode",
  "mcp": {
    "context7": {
      "type": "remote",
      "url": "https://mcp.context7.com/mcp",
      "headers": { "CONTEXT7_API_KEY": "ctx7sk-0a1b2c3d4e5f" },
    },
    "everything": {
      "type": "local",
      "command": ["npx", "-y", "@modelcontextprotocol/server-everything"],
      "environment": { "LOG_LEVEL": "info" },
      "enabled": false,
    },
  },
}
`,
  zed: `// Zed settings
//
// For information on how to configure Zed, see the Zed
// documentation: https://zed.dev/docs/configuring-zed
{
  "ui_font_size": 16,
  "buffer_font_size": 15,
  "context_servers": {
    "postgres": {
      "command": "npx",
      "args": ["-y", "@modelcontextprotocol/server-postgres", "postgresql://localhost/app"],
      "env": {}
    },
    "mcp-server-github": {
      "source": "extension",
      "enabled": true,
      "settings": { "github_personal_access_token": "ghp_zedC7e42F292c6912E7710c838" }
    }
  },
  "theme": { "mode": "system", "light": "One Light", "dark": "One Dark" }
}
`,
  goose: `GOOSE_PROVIDER: anthropic
GOOSE_MODEL: claude-sonnet-4-5
GOOSE_MODE: smart_approve
# extensions added with goose configure
extensions:
  developer:
    bundled: true
    enabled: true
    name: developer
    timeout: 300
    type: builtin
  fetch:
    args:
      - mcp-server-fetch
    cmd: uvx
    enabled: true
    envs:
      FETCH_TOKEN: ftk_0123456789abcdef
    name: fetch
    timeout: 300
    type: stdio
`,
  cline: `{
  "mcpServers": {
    "brave-search": {
      "command": "npx",
      "args": ["-y", "@modelcontextprotocol/server-brave-search"],
      "env": { "BRAVE_API_KEY": "BSA_cline_0a1b2c3d4e5f6a7b" },
      "disabled": false,
      "autoApprove": []
    }
  }
}`,
  'roo-code': `{
  "mcpServers": {
    "sentry": {
      "type": "streamable-http",
      "url": "https://mcp.sentry.dev/mcp",
      "headers": { "Authorization": "Bearer sntrys_roo_9f8e7d6c" },
      "alwaysAllow": []
    }
  }
}
`,
  'lm-studio': `{
  "mcpServers": {
    "hf-mcp-server": {
      "url": "https://huggingface.co/mcp",
      "headers": { "Authorization": "Bearer hf_lmstudio0a1b2c3d4e5f" }
    }
  }
}
`,
  'vscode-insiders': `{
\t"servers": {
\t\t"playwright": { "command": "npx", "args": ["@playwright/mcp@latest"] },
\t},
}
`,
  vscodium: `{
  "servers": {
    "git": { "command": "uvx", "args": ["mcp-server-git"] }
  }
}
`,
  'claude-code-project': `{
  "mcpServers": {
    "shared-docs": {
      "type": "http",
      "url": "https://docs.example.com/mcp"
    }
  }
}
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
  readonly system: ClientSystem = {
    platform: 'linux',
    env: {},
    home: this.home,
    projectDir: join(this.home, 'src', 'app'),
  };
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
