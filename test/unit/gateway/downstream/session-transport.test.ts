import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import {
  HttpSessionTransport,
  NoStreamError,
} from '../../../../shared/gateway/downstream/session-transport.js';
import { MAX_UNREAD_EVENT_BYTES } from '../../../../shared/gateway/protocol/event-stream-writer.js';
import { waitFor } from '../../../integration/harness.js';
import { stalledReader } from '../../../integration/hostile-kit.js';

let server: Server | undefined;

afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

/** Serves one transport: every POST body is handed to it as is. */
async function serve(transport: HttpSessionTransport): Promise<string> {
  server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      if (request.method === 'GET') return void transport.handleGet(response);
      const body = JSON.parse(Buffer.concat(chunks).toString()) as JSONRPCMessage | JSONRPCMessage[];
      transport.handlePost(response, Array.isArray(body) ? body : [body]);
    });
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server!.address() as AddressInfo).port}/`;
}

const post = (url: string, body: unknown) =>
  fetch(url, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });

describe('HttpSessionTransport', () => {
  it('answers a plain request with JSON', async () => {
    const transport = new HttpSessionTransport('s1');
    transport.onmessage = (message) => {
      if ('id' in message) void transport.send({ jsonrpc: '2.0', id: message.id!, result: { ok: true } });
    };
    const response = await post(await serve(transport), { jsonrpc: '2.0', id: 7, method: 'tools/list' });
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(response.headers.get('mcp-session-id')).toBe('s1');
    expect(await response.json()).toEqual({ jsonrpc: '2.0', id: 7, result: { ok: true } });
  });

  it('switches to an event stream when something related must go first', async () => {
    const transport = new HttpSessionTransport('s2');
    transport.onmessage = (message) => {
      if (!('id' in message)) return;
      const id = message.id!;
      void transport.send(
        { jsonrpc: '2.0', method: 'notifications/progress', params: { progressToken: 1, progress: 1 } },
        { relatedRequestId: id },
      );
      setTimeout(() => void transport.send({ jsonrpc: '2.0', id, result: { done: true } }), 5);
    };
    const response = await post(await serve(transport), { jsonrpc: '2.0', id: 'a', method: 'tools/call' });
    expect(response.headers.get('content-type')).toBe('text/event-stream');
    const text = await response.text();
    const events = text
      .split('\n\n')
      .filter(Boolean)
      .map((event) => JSON.parse(event.split('data: ')[1]!) as Record<string, unknown>);
    expect(events.map((event) => event.method ?? 'result')).toEqual(['notifications/progress', 'result']);
  });

  it('accepts notifications with 202 and hands them on', async () => {
    const transport = new HttpSessionTransport('s3');
    const seen: JSONRPCMessage[] = [];
    transport.onmessage = (message) => void seen.push(message);
    const response = await post(await serve(transport), {
      jsonrpc: '2.0',
      method: 'notifications/initialized',
    });
    expect(response.status).toBe(202);
    expect(seen).toHaveLength(1);
  });

  it('refuses a server request nobody can receive, and drops such a notification', async () => {
    const transport = new HttpSessionTransport('s4');
    await expect(transport.send({ jsonrpc: '2.0', id: 1, method: 'roots/list' })).rejects.toBeInstanceOf(
      NoStreamError,
    );
    await expect(
      transport.send({ jsonrpc: '2.0', method: 'notifications/tools/list_changed' }),
    ).resolves.toBeUndefined();
  });

  it('closes its streams and reports it once', async () => {
    const transport = new HttpSessionTransport('s5');
    let closed = 0;
    transport.onclose = () => void closed++;
    await transport.close();
    await transport.close();
    expect(closed).toBe(1);
    await expect(transport.send({ jsonrpc: '2.0', method: 'x' })).rejects.toBeInstanceOf(NoStreamError);
  });

  it('drops a standalone stream whose client stopped reading, instead of buffering without end', async () => {
    const transport = new HttpSessionTransport('s-stalled');
    const url = new URL(await serve(transport));
    const reader = await stalledReader(url, '/', { accept: 'text/event-stream' });
    try {
      expect(transport.hasStandaloneStream).toBe(true);
      const data = 'x'.repeat(64 * 1024);
      let sent = 0;
      // 25 MB offered; the stream must go long before, once 4 MB sit unread on this side.
      while (transport.hasStandaloneStream && sent < 400) {
        await transport.send({
          jsonrpc: '2.0',
          method: 'notifications/message',
          params: { level: 'info', data },
        });
        sent++;
        await new Promise((resolve) => setImmediate(resolve));
      }
      await waitFor(() => !transport.hasStandaloneStream, 5_000, 'the stalled stream dropped');
      expect(sent).toBeLessThan(400);
      expect(sent * data.length).toBeGreaterThan(MAX_UNREAD_EVENT_BYTES);
      // A notification with no stream is dropped quietly; the client may open a new stream.
      await transport.send({
        jsonrpc: '2.0',
        method: 'notifications/message',
        params: { level: 'info', data: 'x' },
      });
    } finally {
      reader.stop();
    }
  });
});
