/**
 * The engine's logging port. The CLI logs to stderr; tests pass a silent or recording logger.
 */

/** Where the engine reports what a person running it may want to know. */
export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/**
 * A logger that writes one line per message to stderr, so stdout stays machine-readable.
 * `write` is there for tests.
 */
export function createStderrLogger(
  write: (text: string) => void = (text) => process.stderr.write(text),
): Logger {
  const line = (level: string, message: string) => write(`[gatehouse] ${level}${oneLogLine(message)}\n`);
  return {
    info: (message) => line('', message),
    warn: (message) => line('warning: ', message),
    error: (message) => line('error: ', message),
  };
}

/** A logger that drops everything. */
export const silentLogger: Logger = { info() {}, warn() {}, error() {} };

/**
 * Characters that could make one message look like several lines or rewrite what the terminal
 * shows: C0 controls but tab (newlines, ESC for ANSI sequences), DEL, C1 controls (NEL, CSI), the
 * Unicode line and paragraph separators, and the bidi overrides and isolates of "Trojan Source".
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point.
const UNSAFE_IN_LOG = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/**
 * A message made safe for a one-line log: messages quote names that servers, clients and models
 * chose (tool names, error texts), and a tool named `x\n[gatehouse] error: …` must not forge a
 * line. Each unsafe character becomes a visible escape: `\n`, `\r` or `\u001b`.
 */
export function oneLogLine(message: string): string {
  return message.replace(UNSAFE_IN_LOG, (char) => {
    if (char === '\n') return '\\n';
    if (char === '\r') return '\\r';
    return `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
}
