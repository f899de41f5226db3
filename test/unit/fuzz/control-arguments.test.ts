/**
 * Property-based tests of how the control API reads a call: every method's argument schema and
 * the HTTP adapter's own body parsing, fed arbitrary JSON values and arbitrary bytes. A call is
 * either accepted with arguments its schema accepts, or refused with `ok: false` and a stable
 * code; over HTTP (handlers that do nothing) the status is one of the expected few, never 500.
 */
import { isUtf8 } from 'node:buffer';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { controlMethods, type ControlMethod } from '../../../shared/contracts/control-api.js';
import { ControlEventHub } from '../../../shared/gateway/control/control-event-hub.js';
import { ControlHttpAdapter, parseControlArguments } from '../../../shared/gateway/control/control-http.js';
import type { ControlHandlers } from '../../../shared/gateway/control/control-service.js';
import { silentLogger } from '../../../shared/gateway/logger.js';

const SEED = 42;
const METHODS = Object.keys(controlMethods) as ControlMethod[];
const anyJson = fc.jsonValue({ stringUnit: 'binary', maxDepth: 5 });
const encode = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));

/** Arguments shaped like real ones (the right keys, wrong or odd values) as well as anything. */
const argumentsFor = (method: ControlMethod) =>
  fc.oneof(
    anyJson,
    fc.dictionary(
      fc.constantFrom(
        'name',
        'config',
        'value',
        'changes',
        'policies',
        'settings',
        'seq',
        'id',
        'verdict',
        method,
      ),
      anyJson,
    ),
  );

describe('parseControlArguments', () => {
  it('accepts only what the method schema accepts, and refuses the rest with a stable code', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...METHODS).chain((method) => fc.tuple(fc.constant(method), argumentsFor(method))),
        ([method, args]) => {
          const parsed = parseControlArguments(method, encode(args));
          if (parsed.ok) {
            expect(controlMethods[method].args.safeParse(parsed.args).success).toBe(true);
          } else {
            expect(['invalid_arguments', 'bad_json']).toContain(parsed.error.code);
            expect(parsed.error.message.length).toBeGreaterThan(0);
          }
        },
      ),
      { seed: SEED, numRuns: 3000 },
    );
  });

  it('refuses bytes that are not UTF-8 JSON as bad_json, whatever the method', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...METHODS),
        fc.uint8Array({ minLength: 1, maxLength: 256 }),
        (method, bytes) => {
          const parsed = parseControlArguments(method, bytes);
          if (!isUtf8(bytes)) expect(parsed).toMatchObject({ ok: false, error: { code: 'bad_json' } });
          else if (!parsed.ok) expect(['invalid_arguments', 'bad_json']).toContain(parsed.error.code);
        },
      ),
      { seed: SEED, numRuns: 2000 },
    );
  });
});

describe('the HTTP adapter with handlers that do nothing', () => {
  const adminToken = 'fuzz-admin-token';
  let server: Server;
  let base: string;

  beforeAll(async () => {
    // Every method "succeeds" with an empty value: only the adapter's own parsing is under test.
    const handlers = new Proxy({}, { get: () => async () => ({}) }) as ControlHandlers;
    const adapter = new ControlHttpAdapter(
      adminToken,
      handlers,
      new ControlEventHub(silentLogger),
      silentLogger,
    );
    server = createServer((request, response) => {
      const path = (request.url ?? '/').split('?', 1)[0] ?? '/';
      void adapter.handle(request, response, path);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  const call = async (method: string, body: Uint8Array) => {
    const response = await fetch(`${base}/control/${method}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
      body,
    });
    return {
      status: response.status,
      type: response.headers.get('content-type'),
      text: await response.text(),
    };
  };

  const expectEnvelope = (answer: { status: number; type: string | null; text: string }) => {
    expect([200, 400, 404, 405]).toContain(answer.status);
    expect(answer.type).toBe('application/json');
    const body = JSON.parse(answer.text) as { ok: boolean; error?: { code: string; message: string } };
    expect(body.ok).toBe(answer.status === 200);
    if (!body.ok) expect(typeof body.error?.code).toBe('string');
  };

  it('answers arbitrary JSON for every method with the envelope and an expected status', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...METHODS).chain((method) => fc.tuple(fc.constant(method), argumentsFor(method))),
        async ([method, args]) => expectEnvelope(await call(method, encode(args))),
      ),
      { seed: SEED, numRuns: 300 },
    );
  });

  it('answers arbitrary bytes and method names with the envelope and an expected status', async () => {
    const methodName = fc.oneof(
      fc.constantFrom(...METHODS),
      fc.string({ unit: 'grapheme-ascii', maxLength: 40 }).map(encodeURIComponent),
    );
    await fc.assert(
      fc.asyncProperty(methodName, fc.uint8Array({ maxLength: 512 }), async (method, bytes) =>
        expectEnvelope(await call(method, bytes)),
      ),
      { seed: SEED, numRuns: 300 },
    );
    // Still answering normally afterwards.
    expectEnvelope(await call('servers.list', encode({})));
  });
});
