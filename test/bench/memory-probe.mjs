/**
 * Loaded into the soak's gateway with `node --import`: once a second, writes the process's
 * memory as V8 and Node see it (`process.memoryUsage()`) to `memory-probe.json` in the gateway's
 * data directory. RSS alone cannot tell a growing JavaScript heap from native memory (SQLite,
 * malloc arenas, code pages); these figures can. Plain JavaScript, so the built gateway loads it
 * without a compiler. Bench tooling only: the product never loads it.
 */
import { renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setInterval } from 'node:timers';

const flag = process.argv.indexOf('--data-dir');
const dataDir = flag >= 0 ? process.argv[flag + 1] : undefined;

if (dataDir) {
  const file = join(dataDir, 'memory-probe.json');
  const timer = setInterval(() => {
    const usage = process.memoryUsage();
    try {
      // Written aside and renamed, so the reader never sees half a file.
      writeFileSync(`${file}.tmp`, JSON.stringify({ at: Date.now(), ...usage }));
      renameSync(`${file}.tmp`, file);
    } catch {
      // The data directory is going away at the end of the run.
    }
  }, 1000);
  timer.unref();
}
