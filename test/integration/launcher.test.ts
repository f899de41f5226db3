/**
 * `npm start` on a machine that cannot open the desktop app (this one: no Electron binary, no
 * display): one sentence says why, then the headless gateway runs with its web UI.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { waitFor } from './harness.js';

const root = resolve(import.meta.dirname, '../..');

describe('npm start without a desktop', () => {
  it('says why in one sentence and serves the web UI instead', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'gatehouse-launcher-'));
    const env: NodeJS.ProcessEnv = { ...process.env, GATEHOUSE_DATA_DIR: dataDir };
    delete env.DISPLAY;
    delete env.WAYLAND_DISPLAY;
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(root, 'electron', 'launcher.ts'), '--port', '0'],
      {
        cwd: root,
        env,
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
    try {
      await waitFor(() => stdout.includes('Manage it in your browser'), 30_000, 'the headless gateway');
      const reasons = stderr.split('\n').filter((line) => line.includes('cannot open'));
      expect(reasons).toHaveLength(1);
      expect(reasons[0]).toMatch(
        /so the desktop app cannot open\. Starting the headless gateway with its web UI instead\.$/,
      );
      const ui = /(http:\/\/127\.0\.0\.1:\d+\/ui\/)#token=/.exec(stdout)?.[1];
      expect((await fetch(ui!)).status).toBe(200);
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      child.kill('SIGKILL');
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 60_000);
});
