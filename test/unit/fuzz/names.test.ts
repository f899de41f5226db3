/**
 * Property-based tests of names: whatever string arrives as a server, client or secret name,
 * the validators let through only plain ASCII names that stay inside a folder when used as a
 * path; an upstream's tool name always becomes a clean exposed name; and any text, once made a
 * log line, is one line with no control characters left.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, sep } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { CLIENT_NAME_PATTERN } from '../../../shared/contracts/client-record.js';
import { SERVER_NAME_PATTERN } from '../../../shared/contracts/config.js';
import { SECRET_NAME_PATTERN } from '../../../shared/contracts/secrets.js';
import { exposedName } from '../../../shared/gateway/catalog/naming.js';
import { ClientRegistry } from '../../../shared/gateway/config/client-registry.js';
import { createStderrLogger, oneLogLine } from '../../../shared/gateway/logger.js';
import { assertSecretName } from '../../../shared/gateway/secrets/secret-store.js';

const SEED = 42;

/** Pieces hostile names are made of, mixed into arbitrary text. */
const hostilePiece = fc.constantFrom(
  '../',
  '..\\',
  '/',
  '.',
  '"',
  "'",
  '`',
  ';',
  '\n',
  '\r',
  '\u0000',
  '\u001b[31m',
  '\u0085',
  '\u2028',
  '\u202e',
  '\u2215',
  '\uff0e',
  '\uff0f',
  '%2e%2e%2f',
  ' ',
  '$(rm -rf ~)',
  'DROP TABLE x; --',
);
const hostileName = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 80 }),
  fc
    .array(fc.oneof(hostilePiece, fc.string({ maxLength: 4 })), { maxLength: 8 })
    .map((parts) => parts.join('')),
);

const PLAIN = /^[A-Za-z0-9._-]+$/;

describe('names a person chooses', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'gatehouse-fuzz-names-'));
  const registry = new ClientRegistry(dataDir);
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('lets through only plain names that stay inside a folder as a path, for servers and clients', () => {
    const base = resolve('/data/gatehouse');
    fc.assert(
      fc.property(hostileName, (name) => {
        for (const pattern of [SERVER_NAME_PATTERN, CLIENT_NAME_PATTERN]) {
          if (!pattern.test(name)) continue;
          expect(name).toMatch(PLAIN);
          expect(name.length).toBeLessThanOrEqual(64);
          expect(name.startsWith('.') || name.startsWith('-')).toBe(false);
          expect(resolve(base, name).startsWith(`${base}${sep}`)).toBe(true);
        }
      }),
      { seed: SEED, numRuns: 3000 },
    );
  });

  it('refuses a client name that does not fit before anything is written', () => {
    fc.assert(
      fc.property(hostileName, (name) => {
        if (CLIENT_NAME_PATTERN.test(name)) return;
        expect(() => registry.add(name)).toThrow(expect.objectContaining({ code: 'name_invalid' }) as Error);
      }),
      { seed: SEED, numRuns: 500 },
    );
    expect(registry.list()).toEqual([]);
  });

  it('refuses secret names that are not identifiers, with a one-line message', () => {
    fc.assert(
      fc.property(hostileName, (name) => {
        if (SECRET_NAME_PATTERN.test(name)) {
          expect(name).toMatch(/^[A-Za-z_][A-Za-z0-9_]*$/);
          return;
        }
        let message = '';
        try {
          assertSecretName(name);
        } catch (error: unknown) {
          expect(error).toMatchObject({ code: 'secret_invalid' });
          message = (error as Error).message;
        }
        expect(message).not.toBe('');
        // eslint-disable-next-line no-control-regex -- looking for control characters is the point.
        expect(message).not.toMatch(/[\n\r\u0000\u001b]/);
      }),
      { seed: SEED, numRuns: 3000 },
    );
  });
});

describe('tool names an upstream chooses', () => {
  it('always become a clean exposed name, the same one every time', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(SERVER_NAME_PATTERN),
        hostileName,
        fc.boolean(),
        (server, tool, prefixed) => {
          const exposed = exposedName(server, tool, prefixed);
          expect(exposed).toMatch(/^[A-Za-z0-9_-]{1,64}$/);
          expect(exposedName(server, tool, prefixed)).toBe(exposed);
        },
      ),
      { seed: SEED, numRuns: 3000 },
    );
  });
});

describe('log lines', () => {
  // eslint-disable-next-line no-control-regex -- looking for control characters is the point.
  const UNSAFE = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

  it('carry any text as one line without control characters, and plain text unchanged', () => {
    fc.assert(
      fc.property(fc.oneof(hostileName, fc.string({ unit: 'binary' })), (text) => {
        const line = oneLogLine(text);
        expect(line).not.toMatch(UNSAFE);
        if (!UNSAFE.test(text)) expect(line).toBe(text);
        const written: string[] = [];
        createStderrLogger((chunk) => void written.push(chunk)).warn(`tool ${text} changed`);
        expect(written).toHaveLength(1);
        expect(written[0]!.indexOf('\n')).toBe(written[0]!.length - 1);
      }),
      { seed: SEED, numRuns: 3000 },
    );
  });
});
