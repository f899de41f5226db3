/**
 * `gateway.json` in the data directory: where a running gateway listens and its control token,
 * so the CLI in another terminal can reach it. Readable by the person only; removed on stop.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { GatehouseError } from '../errors.js';

const RuntimeInfoSchema = z.object({
  url: z.url(),
  adminToken: z.string().min(1),
  pid: z.number().int(),
  startedAt: z.string(),
});

/** What a running gateway publishes about itself. */
export type RuntimeInfo = z.infer<typeof RuntimeInfoSchema>;

const FILE_NAME = 'gateway.json';

/** Writes the runtime file atomically with mode 0600. */
export function writeRuntimeFile(dataDir: string, info: RuntimeInfo): void {
  const path = join(dataDir, FILE_NAME);
  const temporary = `${path}.${randomBytes(4).toString('hex')}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(info, null, 2)}\n`, { mode: 0o600 });
  renameSync(temporary, path);
}

/** Removes the runtime file if it still describes this process. */
export function removeRuntimeFile(dataDir: string, pid = process.pid): void {
  try {
    if (readRuntimeFile(dataDir).pid === pid) rmSync(join(dataDir, FILE_NAME), { force: true });
  } catch {
    // Nothing to remove, or another gateway's file.
  }
}

/**
 * Reads the runtime file of the gateway running on this data directory.
 * @throws GatehouseError `gateway_unreachable` when no gateway runs there.
 */
export function readRuntimeFile(dataDir: string): RuntimeInfo {
  const path = join(dataDir, FILE_NAME);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new GatehouseError(
      'gateway_unreachable',
      `Gatehouse is not running for ${dataDir} (no ${FILE_NAME}). Start it with \`gatehouse serve\`.`,
    );
  }
  const parsed = RuntimeInfoSchema.safeParse(safeJson(text));
  if (!parsed.success)
    throw new GatehouseError('gateway_unreachable', `${path} is damaged; restart Gatehouse to rewrite it.`);
  return parsed.data;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
