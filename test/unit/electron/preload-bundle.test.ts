/**
 * A sandboxed preload can load nothing but `electron` (and a few Node built-ins): the bundle that
 * `npm run build:preload` makes must have everything else inlined.
 */
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

describe('preload bundle', () => {
  it('is one CommonJS file that requires only electron and exposes only window.gatehouse', async () => {
    const result = await build({
      entryPoints: ['electron/preload/preload.ts'],
      bundle: true,
      platform: 'node',
      format: 'cjs',
      external: ['electron'],
      write: false,
      logLevel: 'silent',
    });
    const code = result.outputFiles[0]!.text;
    const required = [...code.matchAll(/require\("([^"]+)"\)/g)].map((match) => match[1]);
    expect(new Set(required)).toEqual(new Set(['electron']));
    expect([...code.matchAll(/exposeInMainWorld\("([^"]+)"/g)].map((match) => match[1])).toEqual([
      'gatehouse',
    ]);
    // Methods only: no ipcRenderer or other Electron object handed to the page.
    expect(code).not.toMatch(/exposeInMainWorld\("[^"]+",\s*import_electron/);
  });
});
