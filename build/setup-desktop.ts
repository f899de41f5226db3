/**
 * `npm run setup:desktop`: makes `npm start` open the desktop app on this machine. npm may skip
 * the Electron package's own download step (install scripts switched off, as `allowScripts` does
 * here), and the native modules (better-sqlite3, keytar) are built for Node, which Electron cannot
 * load (NODE_MODULE_VERSION). This runs the download, rebuilds the modules for Electron, and on
 * Ubuntu 23.10+ prints the commands that let Electron's sandbox start.
 */
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import {
  appArmorProfile,
  DEV_PROFILE_PATH,
  linuxSandboxProblem,
  systemSandboxProbe,
} from '../electron/linux-sandbox.js';
import { installedElectronBinary } from '../electron/start-mode.js';

function run(command: string, args: string[]): void {
  const result = spawnSync(command, args, { stdio: 'inherit', shell: process.platform === 'win32' });
  if (result.status !== 0) {
    process.stderr.write(`setup:desktop: \`${[command, ...args].join(' ')}\` failed; see above.\n`);
    process.exit(result.status ?? 1);
  }
}

if ('problem' in installedElectronBinary()) {
  // The electron package's own postinstall step, which downloads the binary for this platform.
  const install = join(createRequire(import.meta.url).resolve('electron/package.json'), '..', 'install.js');
  run(process.execPath, [install]);
}
const binary = installedElectronBinary();
if ('problem' in binary) {
  process.stderr.write(`setup:desktop: ${binary.problem}\n`);
  process.exit(1);
}
// electron-builder rebuilds every native dependency against the installed Electron's ABI.
run('npx', ['electron-builder', 'install-app-deps']);

const sandbox = linuxSandboxProblem(binary.path, systemSandboxProbe());
if (sandbox) {
  process.stdout.write(
    [
      '',
      'One more step, which needs sudo: this system restricts user namespaces through AppArmor, so',
      `Electron needs a profile for ${binary.path}. Run:`,
      '',
      `  printf '%s' '${appArmorProfile(binary.path).replace(/'/g, "'\\''")}' | sudo tee ${DEV_PROFILE_PATH} >/dev/null`,
      `  sudo apparmor_parser -r ${DEV_PROFILE_PATH}`,
      '',
    ].join('\n'),
  );
}
process.stdout.write(
  'The desktop app is ready: `npm start`. (`npm run rebuild:node` switches the native modules back for the headless tests.)\n',
);
