/**
 * Sign-in and sign-out from the window: the running gateway signs the person in itself (the same
 * loopback flow as `gatehouse server login`), hands the authorization URL to whoever asked (the
 * UI opens it: a new tab against `serve`, the system browser in the app), and reconnects the
 * server once the browser comes back, so its status turns ready without a terminal.
 */
import type { RemoteServerConfig, ServerConfig } from '../../contracts/config.js';
import type { SignInProgress } from '../../contracts/control-api-sign-in.js';
import type { UpstreamStatus } from '../../contracts/upstream-status.js';
import { describeError, GatehouseError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { SecretStore } from '../secrets/secret-store.js';
import { describeSignOut, signIn, signOut, type SignOutOutcome } from './sign-in.js';

/** What the flows need from the gateway. */
export interface SignInHost {
  readonly secrets: SecretStore;
  readonly environment?: NodeJS.ProcessEnv;
  readonly logger: Logger;
  /** The server's entry as configured now. */
  server(name: string): ServerConfig | undefined;
  /** Reconnects the running server so it picks up the keychain's new state. */
  restart(name: string): Promise<UpstreamStatus>;
  /** Tells the UI (and the tray) how a sign-in goes. */
  progress(event: SignInProgress): void;
}

/** The sign-ins in progress, one per server. */
export class SignInFlows {
  readonly #running = new Map<string, { readonly cancel: AbortController }>();

  constructor(
    private readonly host: SignInHost,
    /** How long the person has to finish in the browser. */
    private readonly timeoutMs = 5 * 60_000,
  ) {}

  /**
   * Starts a sign-in and resolves with the authorization URL the person must open, or with
   * `authorizationUrl: null` when the server let Gatehouse in without asking. The rest goes on
   * in the background and ends in a `SignInProgress` event.
   * @throws GatehouseError `server_unknown` or `server_not_remote`.
   */
  async start(name: string): Promise<{ authorizationUrl: string | null }> {
    const server = this.#remote(name);
    // A second click starts afresh: the first tab's redirect is no longer awaited.
    this.#running.get(name)?.cancel.abort();
    const cancel = new AbortController();
    this.#running.set(name, { cancel });
    // The first of: the URL to open, the server letting Gatehouse in at once, or a failure.
    let announce!: (first: { url: string } | { url: null } | { problem: string }) => void;
    const first = new Promise<{ url: string } | { url: null } | { problem: string }>(
      (resolve) => (announce = resolve),
    );
    const flow = signIn(name, server, {
      store: this.host.secrets,
      environment: this.host.environment,
      timeoutMs: this.timeoutMs,
      signal: cancel.signal,
      opener: async (url) => {
        const unsafe = unsafeAuthorizationUrl(url);
        if (unsafe) throw new GatehouseError('sign_in_failed', unsafe);
        announce({ url: url.href });
        this.host.progress({ server: name, state: 'waiting', authorizationUrl: url.href });
      },
    });
    void flow.then(
      async (outcome) => {
        if (cancel.signal.aborted) return announce({ problem: 'The sign-in was cancelled.' });
        this.#running.delete(name);
        if (outcome.status.state !== 'ready') {
          const problem = outcome.status.message ?? `the server is ${outcome.status.state}`;
          announce({ problem: `Signing in to ${name} failed: ${problem}` });
          this.#failed(name, problem);
          return;
        }
        announce({ url: null });
        await this.host.restart(name).catch(() => undefined);
        this.host.progress({ server: name, state: 'signed-in', message: `Signed in to ${name}.` });
      },
      (error: unknown) => {
        announce({ problem: `Signing in to ${name} failed: ${describeError(error)}` });
        if (cancel.signal.aborted) return;
        this.#running.delete(name);
        this.#failed(name, describeError(error));
      },
    );
    const outcome = await first;
    if ('problem' in outcome) throw new GatehouseError('sign_in_failed', outcome.problem);
    return { authorizationUrl: outcome.url };
  }

  /** Revokes the tokens where the server allows it, forgets them, and reconnects the server. */
  async signOut(name: string): Promise<SignOutOutcome & { message: string }> {
    const server = this.#remote(name);
    this.#running.get(name)?.cancel.abort();
    this.#running.delete(name);
    const outcome = await signOut(name, server, this.host.secrets, this.host.environment);
    await this.host.restart(name).catch(() => undefined);
    return { ...outcome, message: describeSignOut(name, outcome) };
  }

  /** Abandons every sign-in in progress (the gateway stops). */
  cancelAll(): void {
    for (const { cancel } of this.#running.values()) cancel.abort();
    this.#running.clear();
  }

  #failed(name: string, problem: string): void {
    this.host.logger.warn(`${name}: sign-in failed: ${problem}`);
    this.host.progress({
      server: name,
      state: 'failed',
      message: `Signing in to ${name} failed: ${problem}`,
    });
  }

  #remote(name: string): RemoteServerConfig {
    const server = this.host.server(name);
    if (!server) throw new GatehouseError('server_unknown', `No server is called "${name}".`);
    if ('command' in server) {
      throw new GatehouseError(
        'server_not_remote',
        `"${name}" is a local server; only remote servers sign in.`,
      );
    }
    return server;
  }
}

/**
 * Why an authorization URL must not be handed to a browser, or undefined. It comes from the
 * server's metadata, so a hostile server could name a `javascript:` or `file:` URL: only https is
 * opened, and plain http only on this computer (a test or development server).
 */
export function unsafeAuthorizationUrl(url: URL): string | undefined {
  if (url.protocol === 'https:') return undefined;
  const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
  if (url.protocol === 'http:' && loopback) return undefined;
  return `The server's authorization page (${url.protocol}//${url.host}) is not an https address; Gatehouse will not open it.`;
}
