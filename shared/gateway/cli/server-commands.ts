/**
 * `gatehouse server login|logout|restart|check`: sign in to remote servers (tokens go to the
 * keychain), and connect to any URL exactly as the gateway would, to see that it works.
 */
import type { Command } from 'commander';
import { isStdioServer, type RemoteServerConfig } from '../../contracts/config.js';
import type { UpstreamStatus } from '../../contracts/upstream-status.js';
import { ConfigStore } from '../config/config-store.js';
import { GatehouseError, describeError } from '../errors.js';
import {
  browserOpener,
  printingOpener,
  redirectFollowingOpener,
} from '../oauth/authorization-url-openers.js';
import { OAuthCredentials } from '../oauth/oauth-credentials.js';
import { connectAttended, describeSignOut, signIn, signOut } from '../oauth/sign-in.js';
import type { AuthorizationUrlOpener } from '../oauth/sign-in-listener.js';
import { defaultSecretStore } from '../secrets/default-secret-store.js';
import { connectToGateway } from './approval-commands.js';
import { report, reportFailure } from './output.js';
import type { GlobalOptions } from './global-options.js';

/** Adds the `server` command group; returns it so other modules can add to it. */
export function registerServerCommands(program: Command, globals: () => GlobalOptions): Command {
  const server = program.command('server').description('Sign in to remote servers and check connections');

  server
    .command('login <name>')
    .description('Sign in to a remote server that uses OAuth; its tokens are kept in the keychain')
    .option('--no-browser', 'print the sign-in URL instead of opening a browser')
    .option('--sign-in <how>', 'browser, print, or follow-redirects (tests: servers that approve at once)')
    .option('--json', 'print JSON')
    .action(async (name: string, options: { browser: boolean; signIn?: string; json?: boolean }) => {
      const json = Boolean(options.json);
      try {
        const remote = remoteServer(globals().dataDir, name);
        const outcome = await signIn(name, remote, {
          store: defaultSecretStore(),
          opener: openerFor(options.signIn ?? (options.browser ? 'browser' : 'print')),
        });
        if (outcome.status.state !== 'ready') throw failedConnection(name, outcome.status);
        const restarted = await restartInRunningGateway(globals().dataDir, name);
        report(
          json,
          { server: name, status: outcome.status, signedIn: outcome.askedToSignIn },
          (outcome.askedToSignIn
            ? `Signed in to "${name}" (${outcome.status.toolCount} tools).`
            : `"${name}" did not ask for a sign-in; it is reachable (${outcome.status.toolCount} tools).`) +
            (restarted ? ' The running gateway reconnected it.' : ''),
        );
      } catch (error: unknown) {
        reportFailure(json, error);
      }
    });

  server
    .command('logout <name>')
    .description("Forget a remote server's OAuth tokens and registration")
    .option('--json', 'print JSON')
    .action(async (name: string, options: { json?: boolean }) => {
      const json = Boolean(options.json);
      try {
        const remote = remoteServer(globals().dataDir, name);
        const outcome = await signOut(name, remote, defaultSecretStore());
        await restartInRunningGateway(globals().dataDir, name);
        report(
          json,
          { server: name, signedOut: outcome.removed, revocation: outcome.revocation.kind },
          describeSignOut(name, outcome),
        );
      } catch (error: unknown) {
        reportFailure(json, error);
      }
    });

  server
    .command('restart <name>')
    .description('Reconnect one server of the running gateway')
    .option('--json', 'print JSON')
    .action(async (name: string, options: { json?: boolean }) => {
      const json = Boolean(options.json);
      try {
        const status = await connectToGateway(globals().dataDir).call('servers.restart', { name });
        report(json, status, `${name}: ${status.state}${status.message ? ` (${status.message})` : ''}`);
      } catch (error: unknown) {
        reportFailure(json, error);
      }
    });

  server
    .command('check <url>')
    .description('Connect to a remote MCP server exactly as the gateway would (signing in if asked)')
    .option('--call <tool>', 'then call this tool')
    .option('--arguments <json>', 'the arguments of --call, as a JSON object', '{}')
    .option(
      '--sign-in <how>',
      'browser, print, or follow-redirects (tests: servers that approve at once)',
      'browser',
    )
    .option('--name <name>', 'keychain entry the sign-in is kept under while checking', 'check')
    .option('--json', 'print JSON')
    .action(
      async (
        url: string,
        options: { call?: string; arguments: string; signIn: string; name: string; json?: boolean },
      ) => {
        const json = Boolean(options.json);
        try {
          const toolArguments = parseArguments(options.arguments);
          const store = defaultSecretStore();
          const remote: RemoteServerConfig = { url };
          const attended = await connectAttended(options.name, remote, {
            store,
            opener: openerFor(options.signIn),
          });
          try {
            const status = attended.connection.status();
            if (status.state !== 'ready') throw failedConnection(url, status);
            let result: unknown;
            if (options.call) {
              result = await attended.connection.request('tools/call', {
                name: options.call,
                arguments: toolArguments,
              });
            }
            const failed = (result as { isError?: boolean } | undefined)?.isError === true;
            report(
              json,
              { status, ...(options.call ? { result } : {}) },
              `Connected to ${url} over ${status.transport}: ${status.toolCount} tools.` +
                (options.call ? `\n${options.call}: ${JSON.stringify(result)}` : ''),
            );
            if (failed) process.exitCode = 1;
          } finally {
            await attended.close();
            // A check leaves nothing behind in the keychain.
            await new OAuthCredentials(store, options.name, url).clear().catch(() => false);
          }
        } catch (error: unknown) {
          reportFailure(json, error);
        }
      },
    );
  return server;
}

function say(line: string): void {
  process.stderr.write(`${line}\n`);
}

function remoteServer(dataDir: string, name: string): RemoteServerConfig {
  const entry = new ConfigStore(dataDir).load().mcpServers[name];
  if (!entry)
    throw new GatehouseError('server_unknown', `There is no server called "${name}" in config.json.`);
  if (isStdioServer(entry))
    throw new GatehouseError('server_unknown', `"${name}" is a local server; only remote servers sign in.`);
  return entry;
}

function openerFor(how: string): AuthorizationUrlOpener {
  switch (how) {
    case 'browser':
      return browserOpener(say);
    case 'print':
      return printingOpener(say);
    case 'follow-redirects':
      return redirectFollowingOpener();
    default:
      throw new GatehouseError(
        'name_invalid',
        `--sign-in takes browser, print or follow-redirects, not "${how}".`,
      );
  }
}

function parseArguments(text: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error: unknown) {
    throw new GatehouseError('name_invalid', `--arguments is not JSON: ${describeError(error)}.`);
  }
  if (!value || typeof value !== 'object' || Array.isArray(value))
    throw new GatehouseError('name_invalid', '--arguments must be a JSON object.');
  return value as Record<string, unknown>;
}

function failedConnection(target: string, status: UpstreamStatus): GatehouseError {
  return new GatehouseError(
    'sign_in_failed',
    `Could not connect to ${target}: ${status.message ?? status.state}.`,
  );
}

/** Asks a running gateway to reconnect the server; false when none is running. */
async function restartInRunningGateway(dataDir: string, name: string): Promise<boolean> {
  try {
    await connectToGateway(dataDir).call('servers.restart', { name });
    return true;
  } catch {
    return false;
  }
}
