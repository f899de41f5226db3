import { readFileSync, writeFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GatewayConfigSchema } from '../../../../shared/contracts/config.js';
import { withoutDuplicates } from '../../../../shared/gateway/clients/setup/client-servers.js';
import { MemorySecretStore } from '../../../../shared/gateway/secrets/memory-secret-store.js';
import { planImport } from '../../../../shared/gateway/secrets/secret-import.js';
import { GATEWAY_URL, ORIGINAL, TARGET, TestHome } from './client-setup-kit.js';

let home: TestHome;

beforeEach(() => {
  home = new TestHome();
});

afterEach(() => {
  home.remove();
});

describe('detecting clients', () => {
  it('tells installed clients from missing ones and reads each gatehouse entry', () => {
    home.write('cursor');
    home.write('claude-desktop');
    home.install('vscode');
    home.setup.applyConnect('cursor', TARGET);
    home.setup.applyConnect('claude-desktop', { ...TARGET, url: 'http://127.0.0.1:9000/mcp' });

    const clients = Object.fromEntries(
      home.setup.detectClients(TARGET).map((client) => [client.kind, client]),
    );
    expect(clients.cursor).toMatchObject({
      installed: true,
      configExists: true,
      gatehouse: { url: GATEWAY_URL, pointsAtThisGateway: true },
      servers: [{ name: 'linear', transport: 'http', disabled: false, bypassesGatehouse: true }],
    });
    expect(clients['claude-desktop']?.gatehouse).toEqual({
      url: 'http://127.0.0.1:9000/mcp',
      pointsAtThisGateway: false,
    });
    expect(clients.vscode).toMatchObject({
      installed: true,
      configExists: false,
      gatehouse: null,
      servers: [],
    });
    expect(clients.codex).toMatchObject({ installed: false, configExists: false });
    expect(clients.codex).not.toHaveProperty('problem');
  });

  it('counts a disabled server or a second entry for this gateway as not bypassing it', () => {
    home.write(
      'windsurf',
      JSON.stringify({
        mcpServers: {
          old: { command: 'npx', args: ['old-server'], disabled: true },
          'gatehouse-work': { serverUrl: GATEWAY_URL },
        },
      }),
    );
    const windsurf = home.setup.detectClients(TARGET).find((client) => client.kind === 'windsurf');
    expect(windsurf?.servers.map((server) => [server.name, server.bypassesGatehouse])).toEqual([
      ['old', false],
      ['gatehouse-work', false],
    ]);
  });
});

describe('importing a client’s servers', () => {
  it('lists them in the mcpServers shape the existing import plans from', async () => {
    home.write('codex');
    home.setup.applyConnect('codex', TARGET);
    const listed = home.setup.readClientServers('codex', TARGET);
    expect(listed.mcpServers).toEqual({
      docs: { command: 'npx', args: ['-y', '@example/docs-mcp'], env: { DOCS_TOKEN: 'docs_secret_123' } },
      figma: { url: 'http://127.0.0.1:3845/mcp', headers: { Authorization: 'Bearer ${env:FIGMA_TOKEN}' } },
    });
    expect(listed.unsupported).toEqual([]);

    const plan = await planImport(
      { mcpServers: listed.mcpServers },
      GatewayConfigSchema.parse({}),
      new MemorySecretStore(),
      { replace: false, source: listed.path },
    );
    expect(plan.servers.map((server) => server.name)).toEqual(['docs', 'figma']);
    expect(plan.moves).toEqual([expect.objectContaining({ server: 'docs', key: 'DOCS_TOKEN' })]);
  });

  it('translates each JSON client’s spelling and reports entries it cannot take', () => {
    home.write(
      'windsurf',
      JSON.stringify({
        mcpServers: {
          context7: { serverUrl: 'https://mcp.context7.com/mcp', headers: { 'X-Key': 'k' } },
          'bad name': { command: 'x' },
          broken: { args: ['no command'] },
        },
      }),
    );
    const listed = home.setup.readClientServers('windsurf');
    expect(listed.mcpServers).toEqual({
      context7: { url: 'https://mcp.context7.com/mcp', headers: { 'X-Key': 'k' } },
    });
    expect(listed.unsupported.map((server) => server.name)).toEqual(['bad name', 'broken']);
  });

  it('sets aside servers Gatehouse already runs, by command and arguments or by URL', () => {
    home.write('claude-code');
    home.write('cursor');
    const existing = GatewayConfigSchema.parse({
      mcpServers: {
        gh: { command: 'npx', args: ['-y', '@modelcontextprotocol/server-github'] },
        lin: { url: 'https://mcp.linear.app/mcp' },
      },
    });
    const fromCode = withoutDuplicates(home.setup.readClientServers('claude-code').mcpServers, existing);
    const fromCursor = withoutDuplicates(home.setup.readClientServers('cursor').mcpServers, existing);
    expect(fromCode).toEqual({ mcpServers: {}, duplicates: [{ name: 'github', sameAs: 'gh' }] });
    expect(fromCursor.duplicates).toEqual([{ name: 'linear', sameAs: 'lin' }]);
  });

  it('removes imported servers (and the comment above each) from the client, previewably and undoably', () => {
    home.write('codex');
    home.setup.applyConnect('codex', TARGET);
    const connected = readFileSync(home.path('codex'), 'utf8');

    const preview = home.setup.previewRemoveServers('codex', ['docs', 'figma']);
    expect(readFileSync(home.path('codex'), 'utf8')).toBe(connected);
    expect(preview.summary[0]).toMatch(/^Removes "docs", "figma" from .*config\.toml/);

    const result = home.setup.removeServersFromClient('codex', ['docs', 'figma']);
    const after = readFileSync(home.path('codex'), 'utf8');
    expect(result).toMatchObject({ action: 'remove-servers', changed: true });
    expect(after).toBe(
      '# Codex settings\nmodel = "gpt-5-codex"\napproval_policy = "on-request"  # ask before running commands\n\n' +
        '[sandbox_workspace_write]\nnetwork_access = false\n\n' +
        '[profiles.fast]\nmodel = "gpt-5-mini"\n\n' +
        `[mcp_servers.gatehouse]\nurl = "${GATEWAY_URL}"\nhttp_headers = { Authorization = "Bearer ${TARGET.token}" }\n`,
    );
    expect(home.setup.detectDrift('codex', TARGET)).toEqual([]);

    expect(home.setup.undo('codex')).toMatchObject({ undone: 'remove-servers', outcome: 'original-bytes' });
    expect(readFileSync(home.path('codex'), 'utf8')).toBe(connected);
  });

  it('removes servers from a JSONC file and keeps its comments', () => {
    home.write('vscode');
    home.setup.removeServersFromClient('vscode', ['memory']);
    // The last server gone, the map closes up to `{}`, as it would have been before any server.
    expect(readFileSync(home.path('vscode'), 'utf8')).toBe(
      ORIGINAL.vscode.replace(/\t"servers": \{\n(\t\t.*\n)*\t\},\n/, '\t"servers": {},\n'),
    );
    home.setup.undo('vscode');
    expect(readFileSync(home.path('vscode'), 'utf8')).toBe(ORIGINAL.vscode);
  });

  it('refuses unknown servers and the gatehouse entry itself', () => {
    home.write('cursor');
    expect(() => home.setup.removeServersFromClient('cursor', ['nope'])).toThrow(/lists no server "nope"/);
    expect(() => home.setup.removeServersFromClient('cursor', ['gatehouse'])).toThrow(
      /Disconnect the client/,
    );
    expect(readFileSync(home.path('cursor'), 'utf8')).toBe(ORIGINAL.cursor);
  });
});

describe('drift', () => {
  it('finds a bypassing server added after connecting, and a removed gatehouse entry', () => {
    home.write('cursor', '{\n  "mcpServers": {}\n}\n');
    home.setup.applyConnect('cursor', TARGET);
    expect(home.setup.detectDrift('cursor', TARGET)).toEqual([]);

    const withExtra = readFileSync(home.path('cursor'), 'utf8').replace(
      '"mcpServers": {',
      '"mcpServers": {\n    "sneaky": { "command": "npx", "args": ["sneaky-mcp"] },',
    );
    writeFileSync(home.path('cursor'), withExtra);
    expect(home.setup.detectDrift('cursor', TARGET)).toEqual([
      expect.objectContaining({ type: 'bypass', kind: 'cursor', server: 'sneaky' }),
    ]);

    writeFileSync(home.path('cursor'), '{\n  "mcpServers": {\n    "sneaky": { "command": "npx" }\n  }\n}\n');
    expect(home.setup.detectDrift('cursor', TARGET).map((finding) => finding.type)).toEqual([
      'gatehouse-missing',
      'bypass',
    ]);
  });

  it('finds a gatehouse entry that now points at another gateway', () => {
    home.write('vscode');
    home.setup.applyConnect('vscode', { ...TARGET, url: 'http://127.0.0.1:9999/mcp' });
    const findings = home.setup.detectDrift('vscode', TARGET);
    expect(findings[0]).toMatchObject({ type: 'gatehouse-changed', url: 'http://127.0.0.1:9999/mcp' });
    expect(findings[0]?.message).toContain(`instead of ${GATEWAY_URL}`);
  });

  it('treats a bridge entry without --url, as the manual instructions write it, as pointing here', () => {
    home.write(
      'claude-desktop',
      JSON.stringify({ mcpServers: { gatehouse: { command: 'gatehouse', args: ['connect'], env: {} } } }),
    );
    expect(home.setup.detectDrift('claude-desktop', TARGET)).toEqual([]);
  });
});
