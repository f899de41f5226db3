/**
 * Reads a secret value without it ever touching argv (visible in `ps`) or shell history: piped
 * on stdin, or typed at a prompt that does not echo.
 */
import { GatehouseError } from '../errors.js';

/** Reads the value from a pipe, or asks for it on the terminal with echo off. */
export async function readSecretValue(prompt: string): Promise<string> {
  const value = process.stdin.isTTY ? await readHiddenLine(prompt) : await readPipedValue();
  if (value === '') throw new GatehouseError('secret_invalid', 'The value is empty; nothing was stored.');
  return value;
}

/** All of stdin, minus the one line break `echo` or a here-string adds. */
async function readPipedValue(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

/** One line typed at the terminal, with nothing echoed. Ctrl-C aborts without storing. */
function readHiddenLine(prompt: string): Promise<string> {
  const input = process.stdin;
  process.stderr.write(prompt);
  input.setRawMode(true);
  input.resume();
  input.setEncoding('utf8');
  let typed = '';
  return new Promise((resolve, reject) => {
    const finish = (outcome: () => void) => {
      input.off('data', onData);
      input.setRawMode(false);
      input.pause();
      process.stderr.write('\n');
      outcome();
    };
    const onData = (chunk: string) => {
      for (const character of chunk) {
        if (character === '\r' || character === '\n') return finish(() => resolve(typed));
        if (character === '\u0003')
          return finish(() => reject(new GatehouseError('secret_invalid', 'Cancelled; nothing was stored.')));
        if (character === '\u007f' || character === '\b') typed = typed.slice(0, -1);
        else if (character >= ' ') typed += character;
      }
    };
    input.on('data', onData);
  });
}
