/**
 * A loopback HTTP relay that adds a bearer token to every request on its way to the gateway, for
 * a conformance suite that cannot send one itself.
 */
import { request as httpRequest, createServer } from 'node:http';
import type { ClientRequest, IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

// Hop-by-hop headers describe one connection, so each side of the relay sets its own.
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'upgrade',
  'te',
  'trailer',
]);

function endToEndHeaders(headers: IncomingHttpHeaders): IncomingHttpHeaders {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !HOP_BY_HOP.has(name)));
}

/** A loopback relay that streams every request to the gateway and adds the client's bearer token. */
export interface Relay {
  url: string;
  close(): Promise<void>;
}

/**
 * The suite cannot send a token, so the relay adds one. Nothing else changes: Host and Origin pass
 * through as sent, except that a Host or Origin naming the relay itself becomes the gateway's.
 * The relay stands in for the gateway's address, so honest requests look to the gateway as they
 * would without it, while forged ones (dns-rebinding, other origins) still arrive forged.
 */
export async function startRelay(gateway: URL, token: string): Promise<Relay> {
  let selfHosts = new Set<string>();
  let selfOrigins = new Set<string>();
  const upstreamRequests = new Set<ClientRequest>();
  const server = createServer((req, res) => {
    const headers = endToEndHeaders(req.headers);
    if (headers.host !== undefined && selfHosts.has(headers.host.toLowerCase())) headers.host = gateway.host;
    // Without this, the gateway would rightly refuse the relay's own origin as another web origin.
    if (headers.origin !== undefined && selfOrigins.has(headers.origin.toLowerCase())) {
      headers.origin = gateway.origin;
    }
    headers.authorization = `Bearer ${token}`;
    const upstream = httpRequest({
      host: gateway.hostname,
      port: gateway.port,
      method: req.method,
      path: req.url,
      headers,
      agent: false,
    });
    upstreamRequests.add(upstream);
    upstream.once('close', () => upstreamRequests.delete(upstream));
    upstream.once('response', (upstreamRes) => {
      res.writeHead(upstreamRes.statusCode ?? 502, endToEndHeaders(upstreamRes.headers));
      // Send the headers now: an SSE stream may not produce its first byte for a while.
      res.flushHeaders();
      upstreamRes.pipe(res);
      upstreamRes.once('error', () => res.destroy());
    });
    upstream.once('error', (error) => {
      if (res.headersSent || res.destroyed) return void res.destroy();
      res.writeHead(502, { 'content-type': 'text/plain' });
      res.end(`relay: ${error.message}`);
    });
    // The client hung up (e.g. cancelled an SSE read): let the gateway see the disconnect too.
    res.once('close', () => {
      if (!res.writableFinished) upstream.destroy();
    });
    req.once('error', () => upstream.destroy());
    res.once('error', () => upstream.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolveListen());
  });
  const { port } = server.address() as AddressInfo;
  selfHosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`]);
  selfOrigins = new Set([...selfHosts].map((host) => `http://${host}`));
  return {
    url: `http://127.0.0.1:${port}${gateway.pathname}`,
    async close() {
      for (const upstream of upstreamRequests) upstream.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolveClose) => server.close(() => resolveClose()));
    },
  };
}
