/**
 * Options every command shares.
 */
import { resolveDataDir } from '../config/data-dir.js';

/** Resolved global options. */
export interface GlobalOptions {
  readonly dataDir: string;
}

/** Resolves `--data-dir`, `GATEHOUSE_DATA_DIR` or the default folder. */
export function resolveGlobalOptions(raw: { dataDir?: string }): GlobalOptions {
  return { dataDir: resolveDataDir(raw.dataDir) };
}
