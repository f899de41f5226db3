/**
 * Which servers a configuration change touches: those whose entry changed, and those whose
 * "enabled" state no longer matches whether they run.
 */
import { isServerEnabled, type ServerConfig } from '../../contracts/config.js';

export function serversToRestart(
  previous: Readonly<Record<string, ServerConfig>>,
  next: Readonly<Record<string, ServerConfig>>,
  isRunning: (name: string) => boolean,
): string[] {
  const names = new Set([...Object.keys(previous), ...Object.keys(next)]);
  return [...names].filter((name) => {
    const after = next[name];
    const same = JSON.stringify(previous[name]) === JSON.stringify(after);
    return !same || isRunning(name) !== Boolean(after && isServerEnabled(after));
  });
}
