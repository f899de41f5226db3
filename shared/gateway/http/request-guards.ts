/**
 * Checks every request to a loopback endpoint must pass before anything else looks at it: the
 * Host and Origin headers (DNS-rebinding protection), the bearer token, and the body size.
 */
import type { IncomingMessage } from 'node:http';

const LOOPBACK_HOSTNAMES = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** Whether the Host header names this server as a browser on this machine would reach it. */
export function isAllowedHost(
  hostHeader: string | undefined,
  port: number,
  extraHosts: ReadonlySet<string>,
): boolean {
  if (!hostHeader) return false;
  const { hostname, hostPort } = splitHost(hostHeader.toLowerCase());
  if (hostPort !== String(port)) return false;
  return LOOPBACK_HOSTNAMES.has(hostname) || extraHosts.has(hostname);
}

/**
 * Whether an Origin header, when present, is this server's own origin. Pages elsewhere may not
 * drive the gateway from a person's browser.
 */
export function isAllowedOrigin(
  origin: string | undefined,
  port: number,
  extraHosts: ReadonlySet<string>,
): boolean {
  if (origin === undefined) return true;
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  if (url.protocol !== 'http:') return false;
  return isAllowedHost(url.host, port, extraHosts);
}

/** The token of an `Authorization: Bearer …` header, or undefined. */
export function bearerToken(request: IncomingMessage): string | undefined {
  const header = request.headers.authorization;
  if (!header) return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1];
}

/** A body that exceeded the size limit. */
export class BodyTooLargeError extends Error {
  override readonly name = 'BodyTooLargeError';
}

/**
 * Reads a request body up to `maxBytes`, refusing early when Content-Length already says too much.
 * Plain events rather than an async iterator: this runs on every request.
 */
export function readBody(request: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const declared = Number(request.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) return Promise.reject(new BodyTooLargeError());
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        request.removeAllListeners('data');
        request.resume();
        reject(new BodyTooLargeError());
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size)));
    request.on('error', reject);
  });
}

function splitHost(host: string): { hostname: string; hostPort: string | undefined } {
  if (host.startsWith('[')) {
    const end = host.indexOf(']');
    return { hostname: host.slice(0, end + 1), hostPort: host.slice(end + 2) || undefined };
  }
  const colon = host.lastIndexOf(':');
  return colon === -1
    ? { hostname: host, hostPort: undefined }
    : { hostname: host.slice(0, colon), hostPort: host.slice(colon + 1) };
}
