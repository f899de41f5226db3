/**
 * `npm run dist` runs this first: it refuses to build installers while package.json still carries
 * placeholder publisher fields (see release-metadata.ts), and says which to set.
 */
import { readFileSync } from 'node:fs';
import { releaseMetadataProblems, type PackageMetadata } from './release-metadata.js';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as PackageMetadata;
const problems = releaseMetadataProblems(pkg);
if (problems.length > 0) {
  process.stderr.write(
    `${problems.join('\n')}\nInstallers are not built until these are set (README, "Installers").\n`,
  );
  process.exit(1);
}
