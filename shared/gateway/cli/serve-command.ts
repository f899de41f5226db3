/**
 * `gatehouse serve`: runs the gateway headless until interrupted.
 */
import { join } from 'node:path';
import type { Command } from 'commander';
import { ClientRegistry } from '../config/client-registry.js';
import { removeRuntimeFile, writeRuntimeFile } from '../config/runtime-file.js';
import { Gateway } from '../gateway.js';
import { createStderrLogger } from '../logger.js';
import { report, reportFailure } from './output.js';
import type { GlobalOptions } from './global-options.js';

interface ServeOptions {
  port?: string;
  host?: string;
  json?: boolean;
}

/** Adds the `serve` command. */
export function registerServeCommand(program: Command, globals: () => GlobalOptions): void {
  program
    .command('serve')
    .description('Start the gateway and print the endpoint URL')
    .option('--port <port>', 'port to listen on (0 picks a free one; default from config, 4283)')
    .option(
      '--host <host>',
      'address to listen on (default 127.0.0.1; anything else is reachable from the network)',
    )
    .option('--json', 'print the endpoint as one JSON line when ready')
    .action(async (options: ServeOptions) => {
      const json = Boolean(options.json);
      const logger = createStderrLogger();
      try {
        const port = options.port === undefined ? undefined : parsePort(options.port);
        const { dataDir } = globals();
        const gateway = await Gateway.start({ dataDir, port, host: options.host, logger });
        const host = options.host ?? gateway.config.settings.host;
        if (!['127.0.0.1', '::1', 'localhost'].includes(host)) {
          logger.warn(
            `listening on ${host}, not only on this machine: anyone who can reach it and holds a client token can use your tools.`,
          );
        }
        const servers = Object.keys(gateway.config.mcpServers);
        const hints = [
          servers.length === 0
            ? `No servers configured yet: add them under "mcpServers" in ${join(dataDir, 'config.json')}.`
            : '',
          new ClientRegistry(dataDir).list().length === 0
            ? 'No clients yet: create a token with `gatehouse client add NAME`.'
            : '',
        ].filter(Boolean);
        report(
          json,
          {
            url: gateway.url.href,
            uiUrl: gateway.uiUrl.href,
            port: Number(gateway.url.port),
            dataDir,
            servers,
          },
          [
            `Gatehouse is listening on ${gateway.url.href}`,
            `Manage it in your browser: ${gateway.uiUrl.href}`,
            `Data directory: ${dataDir}`,
            ...hints,
            'Press Ctrl+C to stop.',
          ].join('\n'),
        );
        writeRuntimeFile(dataDir, {
          url: gateway.url.href,
          adminToken: gateway.adminToken,
          pid: process.pid,
          startedAt: new Date().toISOString(),
        });
        const stop = async () => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          removeRuntimeFile(dataDir);
          await gateway.stop();
          process.exit(0);
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      } catch (error: unknown) {
        reportFailure(json, error);
      }
    });
}

function parsePort(text: string): number {
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new Error(`"${text}" is not a port number (0 to 65535).`);
  }
  return port;
}
