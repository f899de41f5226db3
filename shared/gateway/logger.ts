/**
 * The engine's logging port. The CLI logs to stderr; tests pass a silent or recording logger.
 */

/** Where the engine reports what a person running it may want to know. */
export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/** A logger that writes one line per message to stderr, so stdout stays machine-readable. */
export function createStderrLogger(): Logger {
  const write = (level: string, message: string) => process.stderr.write(`[gatehouse] ${level}${message}\n`);
  return {
    info: (message) => write('', message),
    warn: (message) => write('warning: ', message),
    error: (message) => write('error: ', message),
  };
}

/** A logger that drops everything. */
export const silentLogger: Logger = { info() {}, warn() {}, error() {} };
