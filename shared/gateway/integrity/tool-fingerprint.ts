/**
 * A tool's pinned form and its fingerprint: a SHA-256 over its name, description, input schema
 * and annotations, in a canonical JSON (keys sorted) so the same definition always hashes alike
 * whatever order a server writes its keys in.
 */
import { createHash } from 'node:crypto';
import type { PinnedDefinition } from '../../contracts/tool-integrity.js';
import type { ToolDefinition } from '../upstream/model.js';

/** The fields a rug pull would change; everything else (title, icons, _meta) is not pinned. */
export function pinnableDefinition(tool: ToolDefinition): PinnedDefinition {
  return {
    name: tool.name,
    ...(typeof tool.description === 'string' ? { description: tool.description } : {}),
    ...(tool.inputSchema !== undefined ? { inputSchema: tool.inputSchema } : {}),
    ...(isRecord(tool.annotations) ? { annotations: tool.annotations } : {}),
  };
}

export function fingerprint(definition: PinnedDefinition): string {
  return createHash('sha256').update(canonicalJson(definition)).digest('hex');
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (isRecord(value)) {
    const keys = Object.keys(value)
      .filter((key) => value[key] !== undefined)
      .sort();
    return `{${keys.map((key) => `${JSON.stringify(key)}:${canonicalJson(value[key])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
