import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { runCli } from './harness.js';

const TOKEN = 'ghp_importCliTest0123456789abcdefABCD';

/** A pasted Claude Desktop config: one plain-text token, one harmless env value. */
const pasted = {
  mcpServers: {
    github: {
      command: 'npx',
      args: ['-y', '@modelcontextprotocol/server-github'],
      env: { GITHUB_PERSONAL_ACCESS_TOKEN: TOKEN },
    },
    everything: {
      command: 'npx',
      args: ['-y', '@modelcontextprotocol/server-everything'],
      env: { DEBUG: '1' },
    },
  },
};

const configBefore = `${JSON.stringify({ mcpServers: { memory: { command: 'node', args: ['memory.js'] } } }, null, 2)}\n`;

let dataDir: string;
let configFile: string;
let pastedFile: string;

beforeEach(() => {
  // runCli's child inherits this process's environment. A session bus that does not exist and no
  // X display to autolaunch one make keytar fail at once, as on a headless server; the service
  // name keeps the person's own entries out of reach should a keyring answer anyway.
  vi.stubEnv('DBUS_SESSION_BUS_ADDRESS', 'unix:path=/nonexistent');
  vi.stubEnv('DISPLAY', undefined);
  vi.stubEnv('GATEHOUSE_KEYCHAIN_SERVICE', 'gatehouse-import-cli-test');
  dataDir = mkdtempSync(join(tmpdir(), 'gatehouse-import-cli-'));
  configFile = join(dataDir, 'config.json');
  pastedFile = join(dataDir, 'claude_desktop_config.json');
  writeFileSync(configFile, configBefore);
  writeFileSync(pastedFile, JSON.stringify(pasted, null, 2));
});

afterEach(() => {
  vi.unstubAllEnvs();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('gatehouse server import, without a terminal', () => {
  it('refuses plain-text credentials without --move-secrets or --keep-plaintext, and writes nothing', async () => {
    const result = await runCli(dataDir, 'server', 'import', pastedFile);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `gatehouse: ${pastedFile} holds 1 credential in plain text (github env GITHUB_PERSONAL_ACCESS_TOKEN). ` +
        'Pass --move-secrets to store them in the keychain or --keep-plaintext to leave them in ' +
        'config.json; nothing was imported.\n',
    );
    expect(result.stdout).toBe('');
    expect(readFileSync(configFile, 'utf8')).toBe(configBefore);

    const json = await runCli(dataDir, 'server', 'import', pastedFile, '--json');
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({ error: { code: 'import_invalid' } });
    expect(json.stdout + json.stderr).not.toContain(TOKEN);
  });

  it('writes the entries as pasted with --keep-plaintext, and warns', async () => {
    const result = await runCli(dataDir, 'server', 'import', pastedFile, '--keep-plaintext');
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(
      `Added github, everything to ${configFile}.\nA running gateway picks the servers up when it restarts.\n`,
    );
    expect(result.stderr).toMatch(
      /^Warning: 1 credential stays in plain text in .*config\.json \(github env GITHUB_PERSONAL_ACCESS_TOKEN\)/,
    );
    const config = JSON.parse(readFileSync(configFile, 'utf8')) as { mcpServers: Record<string, unknown> };
    expect(config.mcpServers).toEqual({
      memory: { command: 'node', args: ['memory.js'] },
      ...pasted.mcpServers,
    });

    const again = await runCli(dataDir, 'server', 'import', pastedFile, '--keep-plaintext', '--json');
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({
      added: [],
      skipped: [
        { name: 'github', reason: 'exists' },
        { name: 'everything', reason: 'exists' },
      ],
      restartNeeded: false,
    });
  });

  it('with --move-secrets and no reachable keychain says so and leaves config.json untouched', async () => {
    const result = await runCli(dataDir, 'server', 'import', pastedFile, '--move-secrets');
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^gatehouse: No keychain is reachable: .*refer to the value as \$\{env:NAME\}/,
    );
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(result.stdout).toBe('');
    expect(readFileSync(configFile, 'utf8')).toBe(configBefore);
  });

  it('names the file when it is missing or not JSON', async () => {
    const missing = join(dataDir, 'nope.json');
    const absent = await runCli(dataDir, 'server', 'import', missing, '--keep-plaintext');
    expect(absent.code).toBe(1);
    expect(absent.stderr).toBe(
      `gatehouse: Cannot read ${missing}: there is no such file; nothing was imported.\n`,
    );

    writeFileSync(pastedFile, '{ "mcpServers": { ');
    const broken = await runCli(dataDir, 'server', 'import', pastedFile, '--keep-plaintext');
    expect(broken.code).toBe(1);
    expect(broken.stderr).toMatch(
      new RegExp(`^gatehouse: ${pastedFile} is not valid JSON \\(.+\\); nothing was imported\\.\\n$`),
    );
    expect(readFileSync(configFile, 'utf8')).toBe(configBefore);
  });
});
