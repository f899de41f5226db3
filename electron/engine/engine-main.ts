/**
 * The engine process: the desktop app's main process starts this file with Electron's
 * `utilityProcess.fork` (tests start it with `child_process.fork`) and talks to it over the
 * parent port. It runs the same engine as `gatehouse serve`, in its own thread of execution, so
 * synchronous SQLite work on a large audit trail never blocks the process that draws the UI.
 *
 *   engine-main.js --data-dir DIR [--login-shell-path]
 */
import { parseArgs } from 'node:util';
import { resolveDataDir } from '../../shared/gateway/config/data-dir.js';
import { removeRuntimeFile, writeRuntimeFile } from '../../shared/gateway/config/runtime-file.js';
import { createControlHandlers } from '../../shared/gateway/control/control-service.js';
import { Gateway } from '../../shared/gateway/gateway.js';
import { createStderrLogger } from '../../shared/gateway/logger.js';
import { resolveLoginShellPath } from '../../shared/gateway/upstream/login-shell-path.js';
import { createControlDispatch } from './control-dispatch.js';
import { hostEngine } from './engine-host.js';
import type { EnginePort, FromEngine, ToEngine } from './engine-protocol.js';

/** Electron's `process.parentPort` in a utility process (docs/api/utility-process.md, "parentPort"). */
interface ParentPort {
  on(event: 'message', listener: (event: { data: unknown }) => void): void;
  postMessage(message: unknown): void;
}

/** The channel to the parent: a utility process's parentPort, or Node's fork IPC. */
function parentChannel(): EnginePort<ToEngine, FromEngine> {
  const parentPort = (process as { parentPort?: ParentPort }).parentPort;
  if (parentPort)
    return {
      post: (message) => parentPort.postMessage(message),
      onMessage: (listener) => parentPort.on('message', (event) => listener(event.data as ToEngine)),
    };
  const send = process.send?.bind(process);
  if (!send) throw new Error('engine-main must be started by the desktop app (no parent channel).');
  // A forked engine whose parent went away stops rather than running on alone.
  process.on('disconnect', () => process.exit(0));
  return {
    post: (message) => void send(message),
    onMessage: (listener) => process.on('message', (message) => listener(message as ToEngine)),
  };
}

const { values } = parseArgs({
  options: { 'data-dir': { type: 'string' }, 'login-shell-path': { type: 'boolean', default: false } },
});
const dataDir = resolveDataDir(values['data-dir']);
const logger = createStderrLogger();

hostEngine(
  parentChannel(),
  async () => {
    if (values['login-shell-path']) {
      // Before any stdio server starts: the SDK's stdio transport takes PATH from process.env.
      const found = await resolveLoginShellPath({ platform: process.platform, env: process.env });
      process.env.PATH = found.path;
      if (found.source === 'fallback')
        logger.warn(
          `${found.problem} Stdio servers start with PATH=${found.path}; use full paths in config.json for commands elsewhere.`,
        );
    }
    const gateway = await Gateway.start({ dataDir, logger });
    // The CLI (`gatehouse approvals`, `gatehouse pause`) finds the running app through this file.
    writeRuntimeFile(dataDir, {
      url: gateway.url.href,
      adminToken: gateway.adminToken,
      pid: process.pid,
      startedAt: new Date().toISOString(),
    });
    return {
      url: gateway.url.href,
      adminToken: gateway.adminToken,
      events: gateway.events,
      state: gateway.state,
      dispatch: createControlDispatch(createControlHandlers(gateway), 'desktop', logger),
      stop: async () => {
        removeRuntimeFile(dataDir);
        await gateway.stop();
      },
    };
  },
  () => process.exit(0),
);
