/**
 * `gatehouse connect`: a stdio bridge for clients that can only launch a command (Claude Desktop).
 * It relays JSON-RPC between its stdin/stdout and the running gateway's `/mcp` endpoint.
 */
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { ErrorCode, type JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import type { Command } from 'commander';
import { DEFAULT_PORT } from '../../contracts/config.js';
import { ConfigStore } from '../config/config-store.js';
import { describeError } from '../errors.js';
import type { GlobalOptions } from './global-options.js';

interface ConnectOptions {
  url?: string;
  token?: string;
}

/** Adds the `connect` command. */
export function registerConnectCommand(program: Command, globals: () => GlobalOptions): void {
  program
    .command('connect')
    .description('Relay stdio to the running gateway (for clients that launch a command)')
    .option('--url <url>', 'gateway endpoint (default: from the config, http://127.0.0.1:4283/mcp)')
    .option(
      '--token <token>',
      'client token (better: the GATEHOUSE_TOKEN environment variable, which no process list shows)',
    )
    .action((options: ConnectOptions) => runConnect(options, globals().dataDir));
}

/**
 * Runs the bridge with a token from the options or `GATEHOUSE_TOKEN`. Also the desktop app's
 * `connect` mode: packaged builds cannot run this CLI with their own binary as Node. `exit` ends
 * the process (the app passes Electron's `app.exit`: its main process would not end by itself).
 */
export async function runConnect(
  options: ConnectOptions,
  dataDir: string,
  exit: (code: number) => void = (code) => process.exit(code),
): Promise<void> {
  const token = options.token ?? process.env.GATEHOUSE_TOKEN;
  if (!token) {
    process.stderr.write(
      'gatehouse connect: set GATEHOUSE_TOKEN to a client token (create one with `gatehouse client add NAME`).\n',
    );
    exit(1);
    return;
  }
  await runBridge(new URL(options.url ?? defaultUrl(dataDir)), token, exit);
}

function defaultUrl(dataDir: string): string {
  let port = DEFAULT_PORT;
  try {
    port = new ConfigStore(dataDir).load().settings.port || DEFAULT_PORT;
  } catch {
    // Without a readable config the default port is the best guess; the gateway will say more.
  }
  return `http://127.0.0.1:${port}/mcp`;
}

/** Relays messages both ways until stdin closes. */
async function runBridge(url: URL, token: string, exit: (code: number) => void): Promise<void> {
  const local = new StdioServerTransport();
  const remote = new StreamableHTTPClientTransport(url, {
    requestInit: { headers: { authorization: `Bearer ${token}` } },
  });
  let closing = false;
  const shutDown = async () => {
    if (closing) return;
    closing = true;
    await remote.terminateSession().catch(() => {});
    await remote.close().catch(() => {});
    await local.close().catch(() => {});
    exit(0);
  };

  remote.onmessage = (message) => {
    // The HTTP transport must send the negotiated version on later requests, as the SDK client would.
    const version = (message as { result?: { protocolVersion?: unknown } }).result?.protocolVersion;
    if (typeof version === 'string') remote.setProtocolVersion(version);
    void local.send(message);
  };
  remote.onerror = (error) => process.stderr.write(`gatehouse connect: ${describeError(error)}\n`);
  local.onmessage = (message: JSONRPCMessage) => {
    remote.send(message).catch((error: unknown) => {
      // Answer the request ourselves so the client is not left waiting for a reply that cannot come.
      if ('method' in message && 'id' in message) {
        void local.send({
          jsonrpc: '2.0',
          id: message.id,
          error: {
            code: ErrorCode.ConnectionClosed,
            message: `Gatehouse at ${url.href} did not accept the request: ${describeError(error)}`,
          },
        });
      }
    });
  };
  local.onclose = () => void shutDown();
  process.stdin.on('end', () => void shutDown());
  await remote.start();
  await local.start();
}
