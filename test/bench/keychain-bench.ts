/**
 * What the keychain costs: reading a secret through keytar (the Secret Service over D-Bus on
 * Linux), which happens once per server start or reconnect, never per tool call.
 * Run inside test/keychain/with-keyring.sh on Linux (`npm run bench:keychain` does).
 */
import { randomBytes } from 'node:crypto';
import { KeytarSecretStore } from '../../shared/gateway/secrets/keytar-secret-store.js';
import { SecretResolver } from '../../shared/gateway/secrets/secret-resolver.js';

const READS = 500;

function percentile(sorted: readonly number[], fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))] ?? NaN;
}

async function timeEach(count: number, work: () => Promise<unknown>): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    await work();
    times.push(performance.now() - started);
  }
  return times.sort((a, b) => a - b);
}

const store = new KeytarSecretStore({ service: `gatehouse-bench-${randomBytes(4).toString('hex')}` });
await store.set('BENCH_TOKEN', randomBytes(20).toString('hex'));
await store.set('BENCH_OTHER', randomBytes(20).toString('hex'));
const resolver = new SecretResolver(store, {});
const server = {
  command: 'server',
  env: { TOKEN: '${secret:BENCH_TOKEN}', OTHER: '${secret:BENCH_OTHER}', PLAIN: '1' },
};

const reads = await timeEach(READS, () => store.get('BENCH_TOKEN'));
const resolutions = await timeEach(READS, () => resolver.resolve(server));
const writes = await timeEach(100, () => store.set('BENCH_TOKEN', randomBytes(20).toString('hex')));
for (const name of ['BENCH_TOKEN', 'BENCH_OTHER']) await store.delete(name);

const row = (label: string, times: readonly number[]) =>
  `${label.padEnd(44)} p50 ${percentile(times, 0.5).toFixed(2)} ms  p95 ${percentile(times, 0.95).toFixed(2)} ms  (${times.length})`;
console.log('keychain (keytar)');
console.log(row('read one secret', reads));
console.log(row('resolve a server entry with two references', resolutions));
console.log(row('store a secret', writes));
