/**
 * Measures what Gatehouse costs in front of MCP servers, side by side with talking to them
 * directly, and prints the figures (a table, then one JSON line). It asserts nothing: the targets
 * are printed beside the figures for people to judge.
 *
 *   npm run bench -- [--quick] [--skip-build] [--profile]
 *
 * - tools/call latency and throughput: SDK client → server-everything over Streamable HTTP,
 *   against SDK client → Gatehouse (the built CLI, its own process) → the same server, and
 *   (latency only) a bare node:http pass-through proxy in Gatehouse's place, as the reference for
 *   the least any extra Node hop adds on this machine.
 * - tools/list: Gatehouse aggregating many small stdio servers, against one server with as many
 *   tools over Streamable HTTP.
 * - the gateway's resident memory, idle and under load.
 *
 * `--quick` is a short smoke run; `--profile` runs the call gateways under `node --cpu-prof` and
 * summarises where their CPU time went (the profiler slows them, so read those figures as relative).
 * Everything listens on 127.0.0.1; every child ends with the benchmark, also on failure.
 */
import { mkdtempSync, readdirSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { FULL, progress, QUICK } from './bench-plan.js';
import { printReport, type BenchResults } from './bench-report.js';
import { benchCalls } from './call-bench.js';
import { summariseProfile, type ProfileSummary } from './cpu-profile.js';
import { benchList } from './list-bench.js';
import { buildGateway, killAllChildren, ROOT } from './processes.js';

function summariseProfiles(profileDir: string, modes: readonly string[]): Record<string, ProfileSummary> {
  const summaries: Record<string, ProfileSummary> = {};
  for (const mode of modes) {
    const dir = join(profileDir, mode);
    const file = readdirSync(dir).find((name) => name.endsWith('.cpuprofile'));
    if (file) summaries[mode] = summariseProfile(join(dir, file), ROOT, 25);
  }
  return summaries;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      quick: { type: 'boolean', default: false },
      'skip-build': { type: 'boolean', default: false },
      profile: { type: 'boolean', default: false },
    },
  });
  const plan = values.quick ? QUICK : FULL;
  if (!values['skip-build']) {
    progress('building the gateway (npm run build)');
    buildGateway();
  }
  const profileDir = values.profile ? mkdtempSync(join(tmpdir(), 'gatehouse-bench-prof-')) : undefined;
  const begin = Date.now();
  const loadAtStart = loadavg()[0]!;
  const calls = [await benchCalls(plan, false, profileDir)];
  if (plan.jsonResponseToo) calls.push(await benchCalls(plan, true, profileDir));
  const list = await benchList(plan);
  const results: BenchResults = {
    plan: plan.name,
    node: process.version,
    cpus: cpus().length,
    seconds: (Date.now() - begin) / 1000,
    loadAverage: { start: loadAtStart, end: loadavg()[0]! },
    calls,
    list,
    ...(profileDir
      ? {
          profileDir,
          profiles: summariseProfiles(
            profileDir,
            calls.map((run) => run.mode),
          ),
        }
      : {}),
  };
  printReport(results);
}

process.on('exit', killAllChildren);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    killAllChildren();
    process.exit(130);
  });
}
// Exits explicitly: a keep-alive socket left by a client must not hold the report back.
main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(
      `bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    killAllChildren();
    process.exit(1);
  },
);
