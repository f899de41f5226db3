/**
 * `npm start`: opens the desktop app, or, where it cannot (no Electron binary, no display,
 * Electron's sandbox blocked by AppArmor), says why in one sentence, including what to run, and
 * runs the headless gateway with its web UI instead, so the README's start command works on every
 * machine. Arguments after `--` go to `gatehouse serve`.
 */
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { linuxSandboxProblem, systemSandboxProbe } from './linux-sandbox.js';
import { chooseStartMode, installedElectronBinary } from './start-mode.js';

const here = dirname(fileURLToPath(import.meta.url));
const fromSource = import.meta.url.endsWith('.ts');

const mode = chooseStartMode({
  platform: process.platform,
  env: process.env,
  electronBinary: installedElectronBinary,
  sandboxProblem: (electronPath) => linuxSandboxProblem(electronPath, systemSandboxProbe()),
});
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
