/**
 * Serves the built React UI (`dist/renderer`) under `/ui/` on the gateway's loopback port, so a
 * browser can manage a headless Gatehouse. Static files only; every call goes to the control API.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { dirname, extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export const UI_PATH = '/ui/';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

/**
 * The page may only talk to this gateway and run its own scripts; no framing (clickjacking of
 * the approve buttons), no plugins.
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'none'",
].join('; ');

/** The built UI of this installation: `dist/renderer` beside the project's package.json. */
export function defaultUiDirectory(): string {
  let directory = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(directory, 'package.json'))) {
    const parent = dirname(directory);
    if (parent === directory) break;
    directory = parent;
  }
  return join(directory, 'dist', 'renderer');
}

/** A file of the built UI. */
export interface UiFile {
  readonly path: string;
  /** The path below the UI folder, decoded (`index.html` for an empty path). */
  readonly relative: string;
  readonly contentType: string;
}

/**
 * The file under `root` that a URL path (still percent-encoded, without its prefix) names, or
 * undefined when it is malformed or would leave `root`. Shared by the gateway's `/ui/` and the
 * desktop app's `app://` protocol.
 */
export function uiFile(root: string, encodedPath: string): UiFile | undefined {
  let relative: string;
  try {
    relative = decodeURIComponent(encodedPath) || 'index.html';
  } catch {
    return undefined;
  }
  const base = resolve(root);
  const path = resolve(base, relative);
  // `..`, encoded or not, never leaves the UI folder.
  if (path !== base && !path.startsWith(base + sep)) return undefined;
  return { path, relative, contentType: CONTENT_TYPES[extname(path)] ?? 'application/octet-stream' };
}

export class UiFiles {
  /** The UI lives under `/ui/` (and `/ui`, which redirects there). */
  serves(path: string): boolean {
    return path === '/ui' || path.startsWith(UI_PATH);
  }

  readonly #root: string;

  constructor(root: string) {
    this.#root = resolve(root);
  }

  /** Answers a request whose path starts with `/ui`. */
  async handle(request: IncomingMessage, response: ServerResponse, path: string): Promise<void> {
    request.resume();
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    if (path === '/ui') {
      response.writeHead(308, { location: UI_PATH }).end();
      return;
    }
    const file = uiFile(this.#root, path.slice(UI_PATH.length));
    if (!file) return notFound(response);
    let body: Buffer;
    try {
      body = await readFile(file.path);
    } catch {
      if (file.relative === 'index.html') {
        response
          .writeHead(503, { 'content-type': 'text/plain; charset=utf-8' })
          .end('The Gatehouse UI is not built yet: run `npm run build`, then reload this page.\n');
        return;
      }
      return notFound(response);
    }
    response.writeHead(200, {
      'content-type': file.contentType,
      'content-security-policy': CONTENT_SECURITY_POLICY,
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      // Hashed asset names change with every build; the page itself must not be cached.
      'cache-control': file.relative.startsWith('assets/')
        ? 'public, max-age=31536000, immutable'
        : 'no-store',
    });
    response.end(request.method === 'HEAD' ? undefined : body);
  }
}

function notFound(response: ServerResponse): void {
  response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found.\n');
}
