/**
 * `npm start`: opens the desktop app, or, where it cannot (no Electron binary, no display), says
 * why in one sentence and runs the headless gateway with its web UI instead, so the README's
 * start command works on every machine. Arguments after `--` go to `gatehouse serve`.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chooseStartMode } from './start-mode.js';

const here = dirname(fileURLToPath(import.meta.url));
const fromSource = import.meta.url.endsWith('.ts');

/** The path the `electron` package exports, if its binary was downloaded. */
function electronBinary(): { path: string } | { problem: string } {
  try {
    const path = createRequire(import.meta.url)('electron') as unknown;
    if (typeof path === 'string' && existsSync(path)) return { path };
  } catch {
    // The package throws when its download step did not run; the sentence below says so.
  }
  return {
    problem:
      'The Electron binary is not installed (its download is switched off or failed), so the desktop app cannot open.',
  };
}

const mode = chooseStartMode({ platform: process.platform, env: process.env, electronBinary });
const extraArgs = process.argv.slice(2);

const child =
  mode.kind === 'desktop'
    ? spawn(mode.electronBinary, [join(here, 'main', 'main.js'), ...extraArgs], { stdio: 'inherit' })
    : (() => {
        process.stderr.write(`${mode.reason} Starting the headless gateway with its web UI instead.\n`);
        const cli = join(here, '..', 'shared', 'gateway', 'cli', fromSource ? 'main.ts' : 'main.js');
        const runner = fromSource ? ['--import', 'tsx', cli] : [cli];
        return spawn(process.execPath, [...runner, 'serve', ...extraArgs], { stdio: 'inherit' });
      })();

// Ctrl+C reaches the child through the terminal; a plain kill of this process is passed on.
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
