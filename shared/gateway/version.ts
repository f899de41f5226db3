/**
 * Gatehouse's version, read once from package.json so there is one place to bump it.
 */
import { readFileSync } from 'node:fs';

/** The version string from package.json (also in compiled builds, which sit two folders lower). */
export const GATEHOUSE_VERSION: string = readVersion();

function readVersion(): string {
  for (const relative of ['../../package.json', '../../../package.json']) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(relative, import.meta.url), 'utf8')) as {
        name?: string;
        version?: string;
      };
      if (pkg.name === 'gatehouse' && pkg.version) return pkg.version;
    } catch {
      // Try the next location.
    }
  }
  return '0.0.0';
}
