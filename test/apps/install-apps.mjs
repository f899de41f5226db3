// Installs the real apps the tests drive that cannot sit in the root lockfile (see
// test/apps/opencode/package.json) into their own prefixes. Runs as part of the project's
// postinstall; `npm install` there, not `npm ci`, tolerates platform packages the registry lacks.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const result = spawnSync(
  npm,
  [
    'install',
    '--prefix',
    join(here, 'opencode'),
    '--no-audit',
    '--no-fund',
    '--no-package-lock',
    '--loglevel=error',
  ],
  { stdio: 'inherit' },
);
if (result.status !== 0) console.warn('gatehouse: opencode could not be installed for the real-app test.');
process.exit(0);
