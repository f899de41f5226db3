/**
 * Reads a V8 `.cpuprofile` (as `node --cpu-prof` writes it) and says where the time went: the
 * functions with the most self time, and self time summed by the code it belongs to.
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { functionName: string; url: string; lineNumber: number };
}

interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

/** Self time of one function or one area, in milliseconds and as a share of busy time. */
export interface SelfTime {
  readonly name: string;
  readonly ms: number;
  readonly share: number;
}

/** What a profile says about where a process spent its time. */
export interface ProfileSummary {
  /** Sampled time not spent idle, in milliseconds. */
  readonly busyMs: number;
  readonly idleMs: number;
  readonly topFunctions: readonly SelfTime[];
  readonly byArea: readonly SelfTime[];
}

/** Pseudo-frames V8 uses for time outside JavaScript functions. */
const IDLE = '(idle)';

/** Summarises a profile file; `root` is stripped from script paths to keep names short. */
export function summariseProfile(path: string, root: string, top: number): ProfileSummary {
  const profile = JSON.parse(readFileSync(path, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const perFunction = new Map<string, number>();
  const perArea = new Map<string, number>();
  let idleUs = 0;
  let busyUs = 0;
  // A sample's time is the gap to the next sample: that is how long the sampled frame stayed on top.
  for (let i = 0; i < profile.samples.length; i++) {
    const node = byId.get(profile.samples[i]!);
    const us = profile.timeDeltas[i + 1] ?? 0;
    if (!node || us <= 0) continue;
    const { functionName, url, lineNumber } = node.callFrame;
    if (functionName === IDLE) {
      idleUs += us;
      continue;
    }
    busyUs += us;
    const file = shortUrl(url, root);
    const name = file
      ? `${functionName || '(anonymous)'}  ${file}:${lineNumber + 1}`
      : functionName || '(native)';
    perFunction.set(name, (perFunction.get(name) ?? 0) + us);
    const area = areaOf(url, functionName);
    perArea.set(area, (perArea.get(area) ?? 0) + us);
  }
  const rank = (totals: Map<string, number>, limit: number): SelfTime[] =>
    [...totals]
      .sort((a, b) => b[1] - a[1])
      .slice(0, limit)
      .map(([name, us]) => ({ name, ms: us / 1000, share: busyUs > 0 ? us / busyUs : 0 }));
  return {
    busyMs: busyUs / 1000,
    idleMs: idleUs / 1000,
    topFunctions: rank(perFunction, top),
    byArea: rank(perArea, 20),
  };
}

function shortUrl(url: string, root: string): string {
  return url
    .replace(/^file:\/\//, '')
    .replace(`${root}/`, '')
    .replace(/^node_modules\//, '');
}

/** Which body of code a frame belongs to, so that many small costs add up to a visible one. */
function areaOf(url: string, functionName: string): string {
  if (url === '') {
    // On a loaded machine a write that wakes the reader can lose the CPU inside the syscall, and
    // the profiler charges that wait to the write: read this line as an upper bound.
    if (functionName === 'writev' || functionName.startsWith('write')) return 'socket writes (syscalls)';
    return functionName.startsWith('(') ? functionName : 'native built-ins (JSON, Buffer …)';
  }
  if (url.includes('/dist/shared/')) return 'gatehouse (dist/shared)';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)?.[1];
  if (pkg === '@modelcontextprotocol/sdk') {
    const part = /\/dist\/esm\/([^/]+)/.exec(url)?.[1] ?? 'other';
    return `mcp sdk (${part})`;
  }
  if (pkg) return pkg;
  if (url.includes('internal/deps/undici')) return 'undici (fetch)';
  if (/node:internal\/(webstreams|worker\/js_transferable)/.test(url))
    return 'web streams (fetch bodies, SSE)';
  if (/node:(events|internal\/(event_target|abort_controller))/.test(url))
    return 'events, EventTarget, AbortSignal';
  if (/node:(_http|internal\/http|http)/.test(url)) return 'node:http';
  if (/node:(net|internal\/(stream|streams|net))/.test(url)) return 'node:net and streams';
  if (/node:internal\/modules/.test(url)) return 'module loading (start-up)';
  if (url.startsWith('node:')) return 'node core (other)';
  return url;
}
