// @vitest-environment jsdom
import { cleanup, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, test } from 'vitest';
import type { ControlEvent } from '../../../shared/contracts/control-events.js';
import { takeAdminToken } from '../../../renderer/src/api/admin-token.js';
import { ControlError } from '../../../renderer/src/api/control-error.js';
import type { ConnectionState } from '../../../renderer/src/api/control-transport.js';
import { HttpTransport } from '../../../renderer/src/api/http-transport.js';
import { App } from '../../../renderer/src/shell/app.js';

afterEach(cleanup);

interface Request {
  readonly url: string;
  readonly init: RequestInit | undefined;
}

/** A fetch that answers from a function and remembers what it was asked. */
function stubFetch(answer: (url: string, init: RequestInit | undefined) => Response): {
  fetch: typeof fetch;
  requests: Request[];
} {
  const requests: Request[] = [];
  const fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const url = String(input);
    requests.push({ url, init });
    return answer(url, init);
  };
  return { fetch, requests };
}

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

/** An SSE body delivered in exactly these byte chunks. */
function chunkedStream(chunks: Uint8Array[]): Response {
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      chunks.forEach((chunk) => controller.enqueue(chunk));
      controller.close();
    },
  });
  return new Response(body, { status: 200, headers: { 'content-type': 'text/event-stream' } });
}

describe('HttpTransport calls', () => {
  test('posts the arguments with the bearer token and returns the checked value', async () => {
    const { fetch, requests } = stubFetch(() => json(200, { ok: true, value: { name: 'github' } }));
    const transport = new HttpTransport({ token: 'secret-token', fetch });

    await expect(transport.call('servers.remove', { name: 'github' })).resolves.toEqual({ name: 'github' });

    expect(requests[0]?.url).toBe('/control/servers.remove');
    expect(requests[0]?.init?.method).toBe('POST');
    expect(new Headers(requests[0]?.init?.headers).get('authorization')).toBe('Bearer secret-token');
    expect(JSON.parse(String(requests[0]?.init?.body))).toEqual({ name: 'github' });
  });

  test('turns an error envelope into a ControlError with its code and message', async () => {
    const { fetch } = stubFetch(() =>
      json(409, { ok: false, error: { code: 'not_found', message: 'There is no server "x".' } }),
    );
    const error = await new HttpTransport({ token: 't', fetch })
      .call('servers.remove', { name: 'x' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ControlError);
    expect(error).toMatchObject({ code: 'not_found', message: 'There is no server "x".' });
  });

  test('refuses a result that does not match the method schema', async () => {
    const { fetch } = stubFetch(() => json(200, { ok: true, value: [{ nope: 1 }] }));
    await expect(new HttpTransport({ token: 't', fetch }).call('clients.list', {})).rejects.toMatchObject({
      code: 'bad_response',
    });
  });

  test('a gateway that cannot be reached is said in words', async () => {
    const fetch = async (): Promise<Response> => {
      throw new TypeError('Failed to fetch');
    };
    await expect(new HttpTransport({ token: 't', fetch }).call('clients.list', {})).rejects.toMatchObject({
      code: 'unreachable',
    });
  });
});

describe('HttpTransport events', () => {
  test('parses events whose bytes are split across chunks, even inside a character', async () => {
    const encoder = new TextEncoder();
    const first: ControlEvent = { type: 'config.changed', area: 'clients' };
    const second: ControlEvent = { type: 'server.status', status: status('café') };
    const text = `: keep-alive\n\ndata: ${JSON.stringify(first)}\n\ndata: ${JSON.stringify(second)}\n\n`;
    const bytes = encoder.encode(text);
    const splitAt = bytes.indexOf(0xc3) + 1; // between the two bytes of "é"
    const chunks = [bytes.slice(0, 10), bytes.slice(10, 40), bytes.slice(40, splitAt), bytes.slice(splitAt)];

    let served = false;
    const { fetch, requests } = stubFetch(() => {
      if (served) return new Response(null, { status: 503 });
      served = true;
      return chunkedStream(chunks);
    });
    const transport = new HttpTransport({ token: 'tok', fetch, retryDelayMs: () => 60_000 });
    const events: ControlEvent[] = [];
    const unsubscribe = transport.subscribe((event) => events.push(event));

    await waitFor(() => expect(events).toHaveLength(2));
    expect(events).toEqual([first, second]);
    expect(requests[0]?.url).toBe('/control/events');
    expect(new Headers(requests[0]?.init?.headers).get('authorization')).toBe('Bearer tok');
    unsubscribe();
  });

  test('reconnects after the stream drops and reports the state on the way', async () => {
    let attempts = 0;
    const { fetch } = stubFetch(() => {
      attempts += 1;
      if (attempts === 1) return chunkedStream([]);
      if (attempts === 2) return new Response(null, { status: 502 });
      return new Response(new ReadableStream(), { status: 200 });
    });
    const delays: number[] = [];
    const transport = new HttpTransport({
      token: 'tok',
      fetch,
      retryDelayMs: (attempt) => {
        delays.push(attempt);
        return 0;
      },
    });
    const states: ConnectionState[] = [];
    transport.watchConnection((state) => states.push(state));
    const unsubscribe = transport.subscribe(() => {});

    await waitFor(() => expect(attempts).toBe(3));
    await waitFor(() => expect(states.at(-1)).toBe('connected'));
    expect(states).toEqual(['connecting', 'connected', 'reconnecting', 'connected']);
    expect(delays).toEqual([0, 1]);
    unsubscribe();
  });
});

describe('Admin token', () => {
  test('comes from the URL fragment once, is kept for the tab, and leaves the address bar', () => {
    const stored = new Map<string, string>();
    const storage = {
      getItem: (key: string) => stored.get(key) ?? null,
      setItem: (key: string, value: string) => void stored.set(key, value),
    };
    const replaced: string[] = [];
    const history = {
      state: null,
      replaceState: (_state: unknown, _title: string, url?: string | URL | null) =>
        void replaced.push(String(url)),
    };

    const token = takeAdminToken({
      location: { hash: '#token=a+b%2Fc', pathname: '/ui/', search: '' },
      history,
      storage,
    });
    expect(token).toBe('a+b/c');
    expect(replaced).toEqual(['/ui/']);

    const again = takeAdminToken({ location: { hash: '', pathname: '/ui/', search: '' }, history, storage });
    expect(again).toBe('a+b/c');
    expect(replaced).toHaveLength(1);
  });
});

describe('Wrong admin token', () => {
  test('shows the full-page explanation instead of the app', async () => {
    const { fetch } = stubFetch(() =>
      json(401, {
        ok: false,
        error: { code: 'unauthorized', message: 'The admin token is missing or wrong.' },
      }),
    );
    window.location.hash = '#/servers';
    render(<App transport={new HttpTransport({ token: 'stale', fetch })} />);

    expect(await screen.findByRole('heading', { name: 'This page needs a fresh link' })).toBeTruthy();
    expect(screen.getByText('gatehouse serve')).toBeTruthy();
    expect(screen.queryByRole('navigation')).toBeNull();
  });

  test('with no token at all, asks for the link without calling the gateway', async () => {
    const { fetch, requests } = stubFetch(() => json(500, {}));
    render(<App transport={new HttpTransport({ token: undefined, fetch })} />);
    expect(await screen.findByRole('heading', { name: 'This page needs a fresh link' })).toBeTruthy();
    expect(requests).toHaveLength(0);
  });
});

function status(name: string) {
  return {
    name,
    state: 'ready' as const,
    toolCount: 3,
    promptCount: 0,
    resourceCount: 0,
    stderrTail: [],
  };
}
