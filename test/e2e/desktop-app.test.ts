/**
 * The desktop app, launched for real through Playwright's Electron driver: it boots, the tray
 * exists, the window opens on the app's own page, and a control call goes over IPC and back.
 * Runs only where an Electron binary and a display exist (not on the machines this project is
 * built on: the binary cannot be downloaded there); the test's title then says why it did not run.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { _electron, type ElectronApplication } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chooseStartMode } from '../../electron/start-mode.js';

const root = resolve(import.meta.dirname, '../..');

function electronBinary(): { path: string } | { problem: string } {
  try {
    return { path: createRequire(import.meta.url)('electron') as string };
  } catch {
    return { problem: 'the Electron binary is not installed (its download is switched off here)' };
  }
}

const mode = chooseStartMode({ platform: process.platform, env: process.env, electronBinary });
const notRun = mode.kind === 'headless' ? ` — not run: ${mode.reason}` : '';
// Printed with the file's output, so a skipped run says why in the log, not only in the title.
if (notRun) console.warn(`desktop app smoke test${notRun}`);

describe.skipIf(mode.kind === 'headless')(`desktop app smoke test${notRun}`, () => {
  let app: ElectronApplication;
  let dataDir: string;

  beforeAll(async () => {
    if (mode.kind !== 'desktop') return;
    dataDir = mkdtempSync(join(tmpdir(), 'gatehouse-desktop-'));
    app = await _electron.launch({
      executablePath: mode.electronBinary,
      args: [join(root, 'dist', 'electron', 'main', 'main.js')],
      env: { ...process.env, GATEHOUSE_DATA_DIR: dataDir, GATEHOUSE_TEST_HOOKS: '1' },
    });
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('boots with a tray icon and opens the window on the app page', async () => {
    const window = await app.firstWindow();
    expect(window.url()).toMatch(/^app:\/\/gatehouse\/index\.html/);
    const trayAlive = await app.evaluate(() => {
      const tray = (globalThis as { gatehouseTray?: { bounds: unknown } }).gatehouseTray;
      return tray !== undefined;
    });
    expect(trayAlive).toBe(true);
  });

  it('answers a control call over IPC with the envelope', async () => {
    const window = await app.firstWindow();
    const answer = await window.evaluate(() =>
      (window as unknown as { gatehouse: { call(m: string, a: unknown): Promise<unknown> } }).gatehouse.call(
        'gateway.state',
        {},
      ),
    );
    expect(answer).toEqual({ ok: true, value: { pausedSince: null, pendingApprovals: 0 } });
  });

  it('gives the page no Node and no Electron', async () => {
    const window = await app.firstWindow();
    expect(await window.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe(
      'undefined',
    );
    expect(await window.evaluate(() => typeof (globalThis as { process?: unknown }).process)).toBe(
      'undefined',
    );
  });
});
