// Installs the Node 22 runtime the conformance suite needs (it imports fs.globSync, which Node 20
// lacks) into its own prefix, so that no `node` binary lands in the project's node_modules/.bin.
// Runs as the project's postinstall; on platforms without that package it says so and moves on.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const prefix = join(dirname(fileURLToPath(import.meta.url)), 'runtime');
const major = Number(process.versions.node.split('.')[0]);
if (!existsSync(join(prefix, 'package.json'))) process.exit(0);
if (major >= 22) process.exit(0);
if (process.platform !== 'linux' || process.arch !== 'x64') {
  console.warn('gatehouse: the conformance suite needs Node 22 or newer on PATH on this platform.');
  process.exit(0);
}
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const result = spawnSync(npm, ['ci', '--prefix', prefix, '--no-audit', '--no-fund', '--loglevel=error'], {
  stdio: 'inherit',
});
process.exit(result.status ?? 1);
