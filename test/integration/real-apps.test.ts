/**
 * Gemini CLI and opencode, the real apps from npm (pinned: Gemini CLI as a devDependency, opencode
 * in test/apps/opencode), read the config
 * Gatehouse writes for them: `gatehouse clients connect <app>` writes the app's own file in a
 * temporary home, and the app's own "list MCP servers" command connects to a real
 * `gatehouse serve` and reports Gatehouse connected. Neither app needs network or sign-in to list
 * its MCP servers (both were checked here with no network beyond 127.0.0.1).
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliWith, servers, startServe, type ServeProcess } from './harness.js';

const bin = resolve(import.meta.dirname, '../../node_modules/.bin');
/** opencode lives in its own prefix (test/apps/opencode/package.json says why). */
const opencodeBin = resolve(import.meta.dirname, '../apps/opencode/node_modules/.bin');
const root = mkdtempSync(join(tmpdir(), 'gatehouse-real-apps-'));
const home = join(root, 'home');
const dataDir = join(root, 'data');
/** The folder each app is started in, as a person would start it in a project. */
const project = join(root, 'project');
const homeEnv: NodeJS.ProcessEnv = {
  HOME: home,
  USERPROFILE: home,
  XDG_CONFIG_HOME: join(home, '.config'),
  XDG_DATA_HOME: join(home, '.local', 'share'),
  XDG_CACHE_HOME: join(home, '.cache'),
  XDG_STATE_HOME: join(home, '.local', 'state'),
  // Neither app may reach out for updates or telemetry during the test.
  OPENCODE_DISABLE_AUTOUPDATE: 'true',
  GEMINI_CLI_NO_RELAUNCH: 'true',
  NO_COLOR: '1',
};
let serve: ServeProcess;
// eslint-disable-next-line no-control-regex -- terminal colour codes start with ESC
const ANSI = /\x1b\[[0-9;]*m/g;

function write(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
}

/** Runs one of the apps' own commands in the project folder with the temporary home. */
function runApp(name: string, ...args: string[]): Promise<{ code: number; output: string }> {
  return new Promise((done) => {
    execFile(
      join(name === 'opencode' ? opencodeBin : bin, name),
      args,
      { cwd: project, env: { ...process.env, ...homeEnv }, encoding: 'utf8', timeout: 90_000 },
      (error, stdout, stderr) =>
        // opencode colours its output whatever NO_COLOR says.
        done({ code: error ? Number(error.code ?? 1) : 0, output: `${stdout}${stderr}`.replace(ANSI, '') }),
    );
  });
}

/** `gatehouse clients connect <kind> --yes`, as the CLI writes it for a person. */
async function connect(kind: string): Promise<void> {
  const result = await runCliWith({ env: homeEnv }, dataDir, 'clients', 'connect', kind, '--yes');
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
}

beforeAll(async () => {
  mkdirSync(project, { recursive: true });
  mkdirSync(dataDir);
  writeFileSync(join(dataDir, 'config.json'), JSON.stringify({ mcpServers: { memory: servers.memory } }));
  serve = await startServe(dataDir, homeEnv);
}, 60_000);

afterAll(async () => {
  await serve?.stop();
  rmSync(root, { recursive: true, force: true });
});

describe('the apps themselves list Gatehouse as connected', () => {
  it('Gemini CLI: `gemini mcp list` shows the httpUrl entry Gatehouse wrote as Connected', async () => {
    const settings = join(home, '.gemini', 'settings.json');
    write(settings, '{\n  // picked in /settings\n  "ui": { "theme": "GitHub" }\n}\n');
    // Gemini CLI starts MCP servers only in folders the person trusted (its own prompt writes
    // this file); an untrusted folder lists every server as "Disabled".
    write(join(home, '.gemini', 'trustedFolders.json'), JSON.stringify({ [project]: 'TRUST_FOLDER' }));
    await connect('gemini-cli');

    const written = readFileSync(settings, 'utf8');
    expect(written).toContain('// picked in /settings');
    expect(written).toContain(`"httpUrl": "${serve.url.href}"`);
    const listed = await runApp('gemini', 'mcp', 'list');
    expect(listed.output).toMatch(
      new RegExp(`✓ gatehouse: ${escape(serve.url.href)} \\(http\\) - Connected`),
    );
    expect(listed.code).toBe(0);
  }, 120_000);

  it('opencode: `opencode mcp list` shows the remote entry Gatehouse wrote as connected', async () => {
    write(
      join(home, '.config', 'opencode', 'opencode.json'),
      '{\n  "$schema": "https://opencode.ai/config.json"\n}\n',
    );
    await connect('opencode');

    const listed = await runApp('opencode', 'mcp', 'list');
    expect(listed.output).toMatch(/✓ gatehouse\s+(\S+\s+)?connected/);
    expect(listed.output).toContain(serve.url.href);
    expect(listed.code).toBe(0);
  }, 120_000);

  it('a wrong token is not connected: the app really talks to Gatehouse', async () => {
    const file = join(home, '.config', 'opencode', 'opencode.json');
    const text = readFileSync(file, 'utf8');
    writeFileSync(file, text.replace(/Bearer gth_[A-Za-z0-9_-]+/, 'Bearer gth_not-a-token'));
    const listed = await runApp('opencode', 'mcp', 'list');
    expect(listed.output).not.toMatch(/✓ gatehouse/);
    expect(listed.output).toMatch(/✗ gatehouse|needs authentication|failed/);
    writeFileSync(file, text);
  }, 120_000);
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
