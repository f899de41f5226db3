import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { ConfigStore } from '../../../../shared/gateway/config/config-store.js';
import { GatehouseError } from '../../../../shared/gateway/errors.js';

let dataDir: string;
let file: string;

beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'gatehouse-config-'));
  file = join(dataDir, 'config.json');
});

function expectRefusal(code: string, pattern: RegExp) {
  try {
    new ConfigStore(dataDir).load();
  } catch (error: unknown) {
    expect(error).toBeInstanceOf(GatehouseError);
    expect((error as GatehouseError).code).toBe(code);
    expect((error as Error).message).toMatch(pattern);
    expect((error as Error).message).toContain(file);
    return;
  }
  throw new Error('expected the config to be refused');
}

describe('ConfigStore', () => {
  it('reads a missing file as an empty config with defaults', () => {
    const config = new ConfigStore(dataDir).load();
    expect(config.mcpServers).toEqual({});
    expect(config.settings).toMatchObject({ namespacing: 'always', host: '127.0.0.1', port: 4283 });
  });

  it('accepts a pasted Claude Desktop config, stdio and remote entries alike', () => {
    writeFileSync(
      file,
      JSON.stringify({
        mcpServers: {
          filesystem: {
            command: 'npx',
            args: ['-y', '@modelcontextprotocol/server-filesystem', '/tmp'],
            env: { A: 'b' },
          },
          remote: { url: 'https://example.com/mcp', headers: { 'X-Key': 'k' } },
          legacy: { type: 'sse', url: 'http://127.0.0.1:9/sse', enabled: false },
        },
        globalShortcut: 'kept as is',
      }),
    );
    const config = new ConfigStore(dataDir).load();
    expect(Object.keys(config.mcpServers)).toEqual(['filesystem', 'remote', 'legacy']);
  });

  it('names the field and the file when an entry is wrong, and leaves the file alone', () => {
    const original = JSON.stringify({ mcpServers: { github: { command: '' } } });
    writeFileSync(file, original);
    expectRefusal('config_invalid', /mcpServers\.github\.command/);
    expect(readFileSync(file, 'utf8')).toBe(original);
  });

  it('explains an entry that is neither local nor remote', () => {
    writeFileSync(file, JSON.stringify({ mcpServers: { odd: { args: [] } } }));
    expectRefusal('config_invalid', /mcpServers\.odd: needs either a "command"/);
  });

  it('refuses a settings value of the wrong type', () => {
    writeFileSync(file, JSON.stringify({ settings: { namespacing: 'sometimes' } }));
    expectRefusal('config_invalid', /settings\.namespacing/);
  });

  it('refuses server names that could escape into paths or prompts', () => {
    writeFileSync(file, JSON.stringify({ mcpServers: { '../etc': { command: 'x' } } }));
    expectRefusal('config_invalid', /server names use letters/);
  });

  it('reports a file that is not JSON without changing it', () => {
    writeFileSync(file, '{ "mcpServers": ');
    expectRefusal('config_unreadable', /not valid JSON/);
    expect(readFileSync(file, 'utf8')).toBe('{ "mcpServers": ');
  });

  it('keeps keys it does not know when it saves', () => {
    writeFileSync(
      file,
      JSON.stringify({ mcpServers: {}, globalShortcut: 'Ctrl+Space', settings: { theme: 'dark' } }),
    );
    const store = new ConfigStore(dataDir);
    store.setServer('memory', { command: 'node', args: ['memory.js'] });
    const saved = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    expect(saved).toMatchObject({
      globalShortcut: 'Ctrl+Space',
      settings: { theme: 'dark' },
      mcpServers: { memory: { command: 'node' } },
    });
    store.removeServer('memory');
    expect(store.load().mcpServers).toEqual({});
  });

  it('refuses to save an invalid entry', () => {
    const store = new ConfigStore(dataDir);
    expect(() => store.setServer('bad', { url: 'ftp://nope' } as never)).toThrow(/Refusing to save/);
  });
});
