/**
 * Keeps the last lines a child process wrote to stderr, for the UI and for error messages.
 */
import type { Readable } from 'node:stream';

/** A bounded buffer of the most recent stderr lines. */
export class StderrTail {
  readonly #lines: string[] = [];
  #partial = '';

  constructor(private readonly maxLines = 50) {}

  /** Follows a stream until it ends. */
  follow(stream: Readable): void {
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => this.push(chunk));
  }

  /** Adds raw text, split into lines. A long line without a newline is cut at 2,000 characters. */
  push(text: string): void {
    const parts = (this.#partial + text).split(/\r?\n/);
    this.#partial = (parts.pop() ?? '').slice(0, 2000);
    for (const line of parts) this.#append(line.slice(0, 2000));
  }

  /** The kept lines, oldest first, including an unfinished last line. */
  lines(): string[] {
    return this.#partial ? [...this.#lines, this.#partial] : [...this.#lines];
  }

  /** The last non-empty line, if any: often the reason a server exited. */
  lastLine(): string | undefined {
    return this.lines()
      .filter((line) => line.trim() !== '')
      .at(-1);
  }

  #append(line: string): void {
    this.#lines.push(line);
    if (this.#lines.length > this.maxLines) this.#lines.shift();
  }
}
