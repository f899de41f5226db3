import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TARGET, TestHome } from './client-setup-kit.js';

let home: TestHome;

beforeEach(() => {
  home = new TestHome();
});

afterEach(() => {
  home.remove();
});

describe('a malformed config file', () => {
  const brokenCursor =
    '{\n  "mcpServers": {\n    "linear": { "url": "https://mcp.linear.app/mcp" }\n    "x": 1\n  }\n}\n';

  it('is reported with its path and line, and never written', () => {
    const path = home.write('cursor', brokenCursor);
    const cursor = home.setup.detectClients(TARGET).find((client) => client.kind === 'cursor')!;
    expect(cursor).toMatchObject({ installed: true, configExists: true, gatehouse: null, servers: [] });
    expect(cursor.problem).toBe(
      `${path} is not valid JSON: a missing comma at line 4, column 5. ` +
        'Fix the file (or let the client rewrite it) and try again; Gatehouse has not changed it.',
    );

    for (const attempt of [
      () => home.setup.previewConnect('cursor', TARGET),
      () => home.setup.applyConnect('cursor', TARGET),
      () => home.setup.disconnect('cursor'),
    ]) {
      expect(attempt).toThrow(expect.objectContaining({ code: 'client_config_invalid' }));
    }
    expect(readFileSync(home.path('cursor'), 'utf8')).toBe(brokenCursor);
    expect(existsSync(join(home.dataDir, 'client-backups'))).toBe(false);
  });

  it('includes a comment in a client that only reads strict JSON', () => {
    home.write('claude-desktop', '{\n  // my servers\n  "mcpServers": {}\n}\n');
    expect(() => home.setup.applyConnect('claude-desktop', TARGET)).toThrow(
      /claude_desktop_config\.json is not valid JSON: a comment, which this client does not accept at line 2/,
    );
  });

  it('includes broken TOML, reported with its line', () => {
    home.write('codex', 'model = "o3"\n[mcp_servers.docs]\ncommand = \n');
    expect(home.setup.detectDrift('codex', TARGET)).toEqual([
      expect.objectContaining({
        type: 'config-unreadable',
        message: expect.stringMatching(/config\.toml is not valid TOML: .* at line 3/),
      }),
    ]);
  });

  it('includes a Codex entry Gatehouse cannot rewrite as text', () => {
    const inline = '[mcp_servers]\ngatehouse = { url = "http://127.0.0.1:9999/mcp" }\n';
    home.write('codex', inline);
    expect(() => home.setup.applyConnect('codex', TARGET)).toThrow(/cannot safely edit "gatehouse"/);
    expect(readFileSync(home.path('codex'), 'utf8')).toBe(inline);
  });
});
