/**
 * A bare HTTP pass-through proxy on `node:http`, for the benchmark's reference row: it forwards
 * bytes and understands nothing, so what it adds is the least any Node process in the path adds
 * on this machine (one more loopback hop, two more parses of HTTP). Not a gateway: no MCP, no
 * checks, no auth.
 *
 *   node --import tsx test/bench/pass-through-proxy.ts --target http://127.0.0.1:PORT/mcp
 *
 * Listens on 127.0.0.1 and prints `listening http://127.0.0.1:PORT/mcp` once ready.
 */
import { Agent, createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { target: { type: 'string' } } });
if (!values.target) {
  process.stderr.write('usage: pass-through-proxy.ts --target http://127.0.0.1:PORT/mcp\n');
  process.exit(2);
}
const target = new URL(values.target);
if (target.hostname !== '127.0.0.1') {
  process.stderr.write('pass-through-proxy: the target must be on 127.0.0.1\n');
  process.exit(2);
}
// Keep-alive upstream connections, as the gateway keeps them: a new TCP connection per call
// would measure connection set-up, not forwarding.
const agent = new Agent({ keepAlive: true });

const server = createServer((incoming, outgoing) => {
  const upstream = request(
    {
      host: target.hostname,
      port: target.port,
      path: incoming.url,
      method: incoming.method,
      headers: { ...incoming.headers, host: target.host },
      agent,
    },
    (answer) => {
      outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(outgoing);
    },
  );
  upstream.on('error', () => outgoing.destroy());
  incoming.pipe(upstream);
});
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  process.stdout.write(`listening http://127.0.0.1:${port}${target.pathname}\n`);
});
const stop = () => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
