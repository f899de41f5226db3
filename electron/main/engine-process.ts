/**
 * Starts the engine in an Electron utility process: a Node child that Electron starts itself, so
 * it works with the run-as-node fuse off (app-builder-lib's scheme.json on `runAsNode`: "if this
 * fuse is disabled then `process.fork` in the main process will not function … we recommend that
 * you use Utility Processes … like a Sqlite server process"), and whose synchronous SQLite work
 * cannot block the main process that draws the tray and windows.
 */
import { utilityProcess } from 'electron';
import type { FromEngine } from '../engine/engine-protocol.js';
import type { EngineChannel } from './engine-client.js';

/**
 * Forks `engine-main.js`, an ES module: utility processes load their entry point with Node's ESM
 * loader since Electron 28 (electron/electron#40047, "The UtilityProcess API now supports ESM
 * entrypoints"). Messages posted before the child has spawned wait in the port (Electron 39
 * docs/api/utility-process.md: `child.postMessage` and `process.parentPort`).
 */
export function forkEngineProcess(modulePath: string, args: string[], env: NodeJS.ProcessEnv): EngineChannel {
  const child = utilityProcess.fork(modulePath, args, {
    env,
    serviceName: 'Gatehouse engine',
    stdio: 'inherit',
  });
  return {
    post: (message) => child.postMessage(message),
    onMessage: (listener) => child.on('message', (message: unknown) => listener(message as FromEngine)),
    onExit: (listener) => child.once('exit', (code) => listener(code)),
    kill: () => void child.kill(),
  };
}
