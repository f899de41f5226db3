/**
 * The desktop app, launched for real through Playwright's Electron driver: it boots, the tray
 * exists, the window opens on the app's own page, and a control call goes over IPC to the engine
 * process and back. Runs only where an Electron binary and a display exist (not on the machines
 * this project is built on: the binary cannot be downloaded there); the test's title and log then
 * say why it did not run.
 *
 * It cannot launch a stale build (it builds first), collide with a Gatehouse you are running (its
 * own data folder, so its own single-instance lock, and port 0), or hang: every step has a time
 * limit, and with GATEHOUSE_TEST_HOOKS=1 a failed start prints to stderr and exits instead of
 * opening a modal dialog nobody would click.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { _electron, type ElectronApplication, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { linuxSandboxProblem, systemSandboxProbe } from '../../electron/linux-sandbox.js';
import { chooseStartMode, installedElectronBinary } from '../../electron/start-mode.js';

const root = resolve(import.meta.dirname, '../..');
const STEP_MS = 30_000;

const mode = chooseStartMode({
  platform: process.platform,
  env: process.env,
  electronBinary: installedElectronBinary,
  sandboxProblem: (path) => linuxSandboxProblem(path, systemSandboxProbe()),
});
const notRun = mode.kind === 'headless' ? ` — not run: ${mode.reason}` : '';
// Printed with the file's output, so a skipped run says why in the log, not only in the title.
if (notRun) console.warn(`desktop app smoke test${notRun}`);

describe.skipIf(mode.kind === 'headless')(`desktop app smoke test${notRun}`, () => {
  let app: ElectronApplication | undefined;
  let window: Page;
  let dataDir: string;
  let stderr = '';

  beforeAll(async () => {
    if (mode.kind !== 'desktop') return;
    // What is launched is what this checkout builds now, never an older dist/.
    execFileSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'inherit', timeout: 300_000 });
    dataDir = mkdtempSync(join(tmpdir(), 'gatehouse-desktop-'));
    writeFileSync(join(dataDir, 'config.json'), JSON.stringify({ mcpServers: {}, settings: { port: 0 } }));
    app = await _electron.launch({
      executablePath: mode.electronBinary,
      args: [join(root, 'dist', 'electron', 'main', 'main.js')],
      env: {
        ...process.env,
        GATEHOUSE_DATA_DIR: dataDir,
        GATEHOUSE_TEST_HOOKS: '1',
        GATEHOUSE_KEYCHAIN_SERVICE: 'gatehouse-desktop-smoke',
      },
      timeout: STEP_MS,
    });
    app.process().stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    window = await app.firstWindow({ timeout: STEP_MS });
    // firstWindow can return before the page's URL is committed; wait for the app page itself.
    await window.waitForURL(/^app:\/\/gatehouse\/index\.html/, { timeout: STEP_MS });
  }, 400_000);

  afterAll(async () => {
    if (app) {
      const child = app.process();
      // A clean quit stops the engine; if it does not end in time, the process is killed.
      await Promise.race([app.close(), new Promise((done) => setTimeout(done, STEP_MS))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    }
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }, 2 * STEP_MS);

  it('boots with a tray icon and opens the window on the app page', async () => {
    expect(window.url()).toMatch(/^app:\/\/gatehouse\/index\.html/);
    const trayAlive = await app!.evaluate(() => {
      const tray = (globalThis as { gatehouseTray?: { bounds: unknown } }).gatehouseTray;
      return tray !== undefined;
    });
    expect(trayAlive, stderr).toBe(true);
  });

  it('answers a control call over IPC, from the engine process, with the envelope', async () => {
    const answer = await window.evaluate(() =>
      (window as unknown as { gatehouse: { call(m: string, a: unknown): Promise<unknown> } }).gatehouse.call(
        'gateway.state',
        {},
      ),
    );
    expect(answer, stderr).toEqual({ ok: true, value: { pausedSince: null, pendingApprovals: 0 } });
  });

  it('gives the page no Node and no Electron', async () => {
    expect(await window.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe(
      'undefined',
    );
    expect(await window.evaluate(() => typeof (globalThis as { process?: unknown }).process)).toBe(
      'undefined',
    );
  });

  it('lets the page write to the clipboard (the Copy buttons) and nothing more', async () => {
    const permissions = await window.evaluate(async () => {
      // The page's Permissions API (this file is type-checked without the DOM library).
      const { permissions: api } = (
        globalThis as unknown as {
          navigator: { permissions: { query(descriptor: { name: string }): Promise<{ state: string }> } };
        }
      ).navigator;
      const write = await api.query({ name: 'clipboard-write' });
      const read = await api.query({ name: 'clipboard-read' });
      return { write: write.state, read: read.state };
    });
    expect(permissions.write).toBe('granted');
    expect(permissions.read).not.toBe('granted');
  });
});
