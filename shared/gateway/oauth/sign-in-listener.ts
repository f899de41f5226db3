/**
 * The loopback redirect of a sign-in (RFC 8252): a one-page HTTP server on 127.0.0.1 that takes
 * the authorization code from the browser, checks its `state`, and tells the person they may
 * close the tab.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GatehouseError } from '../errors.js';
import type { SignInInteraction } from './oauth-client-provider.js';

const CALLBACK_PATH = '/callback';

/** How long the person has to finish signing in. */
const DEFAULT_SIGN_IN_TIMEOUT_MS = 5 * 60_000;

/** How a sign-in's authorization URL reaches the person. */
export type AuthorizationUrlOpener = (authorizationUrl: URL) => Promise<void>;

export interface SignInListenerOptions {
  /** The port of an earlier sign-in, so the client registration made for it still fits. */
  readonly preferredPort?: number;
  readonly timeoutMs?: number;
}

interface Waiter {
  readonly state: string;
  readonly resolve: (code: string) => void;
  readonly reject: (error: Error) => void;
}

export class SignInListener implements SignInInteraction {
  #waiter: Waiter | undefined;
  /** A redirect that arrived before anyone waited for it (a very fast authorization server). */
  #early: { state: string | null; outcome: { code: string } | { error: string } } | undefined;

  private constructor(
    private readonly server: Server,
    readonly redirectUrl: string,
    private readonly opener: AuthorizationUrlOpener,
    private readonly timeoutMs: number,
  ) {
    server.on('request', (request, response) => {
      const url = new URL(request.url ?? '/', 'http://127.0.0.1');
      if (url.pathname !== CALLBACK_PATH) {
        response.writeHead(404, { 'content-type': 'text/plain' }).end('Not found.');
        return;
      }
      const code = url.searchParams.get('code');
      const problem = url.searchParams.get('error_description') ?? url.searchParams.get('error');
      const outcome = code ? { code } : { error: problem ?? 'the redirect carried no authorization code' };
      const accepted = this.#deliver(url.searchParams.get('state'), outcome);
      response
        .writeHead(accepted && code ? 200 : 400, { 'content-type': 'text/html; charset=utf-8' })
        .end(
          page(
            accepted && code
              ? 'Signed in. You can close this tab and return to Gatehouse.'
              : 'Sign-in failed. Return to Gatehouse for details.',
          ),
        );
    });
  }

  /**
   * Listens on 127.0.0.1 (the preferred port when it is free).
   * @throws GatehouseError `sign_in_failed` when no port can be opened.
   */
  static async start(
    opener: AuthorizationUrlOpener,
    options: SignInListenerOptions = {},
  ): Promise<SignInListener> {
    const server = createServer();
    const listenOn = (port: number) =>
      new Promise<number>((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, '127.0.0.1', () => {
          server.off('error', reject);
          resolve((server.address() as AddressInfo).port);
        });
      });
    let port: number;
    try {
      port = await listenOn(options.preferredPort ?? 0).catch(() => listenOn(0));
    } catch (error: unknown) {
      throw new GatehouseError('sign_in_failed', 'Could not open a local port for the sign-in redirect.', {
        cause: error,
      });
    }
    return new SignInListener(
      server,
      `http://127.0.0.1:${port}${CALLBACK_PATH}`,
      opener,
      options.timeoutMs ?? DEFAULT_SIGN_IN_TIMEOUT_MS,
    );
  }

  async open(authorizationUrl: URL): Promise<void> {
    await this.opener(authorizationUrl);
  }

  waitForCode(state: string): Promise<string> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#waiter = undefined;
        reject(new GatehouseError('sign_in_failed', 'The sign-in was not finished in time.'));
      }, this.timeoutMs);
      timer.unref();
      this.#waiter = {
        state,
        resolve: (code) => (clearTimeout(timer), resolve(code)),
        reject: (error) => (clearTimeout(timer), reject(error)),
      };
      const early = this.#early;
      this.#early = undefined;
      if (early) this.#deliver(early.state, early.outcome);
    });
  }

  async close(): Promise<void> {
    this.#waiter?.reject(new GatehouseError('sign_in_failed', 'The sign-in was cancelled.'));
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** Hands a redirect to whoever waits for it; false for a stray or forged one. */
  #deliver(state: string | null, outcome: { code: string } | { error: string }): boolean {
    const waiter = this.#waiter;
    if (!waiter) {
      this.#early = { state, outcome };
      return true;
    }
    // A redirect whose state does not match was not started by this sign-in (CSRF): ignore it.
    if (state !== waiter.state) return false;
    this.#waiter = undefined;
    if ('code' in outcome) waiter.resolve(outcome.code);
    else
      waiter.reject(
        new GatehouseError('sign_in_failed', `The authorization server refused: ${outcome.error}.`),
      );
    return true;
  }
}

function page(message: string): string {
  return `<!doctype html><meta charset="utf-8"><title>Gatehouse</title><p style="font:16px system-ui;margin:3em">${message}</p>`;
}
