/**
 * Flows as stored in the audit trail: JSON of the data-flow guard's findings. They hold argument
 * names, offsets, lengths and source labels, never argument text, so they need no redaction.
 */
import { z } from 'zod';
import { FlowSchema, MAX_FLOWS_PER_CALL, type Flow } from '../../contracts/flow.js';

const StoredFlowsSchema = z.array(FlowSchema);

/** The flows as JSON text, or null when there are none (or they are not what the guard makes). */
export function storedFlows(flows: unknown): string | null {
  if (flows === undefined) return null;
  const parsed = StoredFlowsSchema.safeParse(flows);
  if (!parsed.success || parsed.data.length === 0) return null;
  return JSON.stringify(parsed.data.slice(0, MAX_FLOWS_PER_CALL));
}

/** Stored flows back as values; text that does not parse (edited by hand) reads as none. */
export function parseStoredFlows(text: string): Flow[] {
  try {
    const parsed = StoredFlowsSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : [];
  } catch {
    return [];
  }
}
