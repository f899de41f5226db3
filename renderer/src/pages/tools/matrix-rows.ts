/**
 * What the tools matrix shows: tools filtered by name and risk, grouped by server, and each
 * server's state for a client (all on, all off, or mixed) for the bulk switch.
 */
import type { AccessMatrix, AccessTool, ToolRisk } from '../../../../shared/contracts/tool-access.js';

/** What the filter box and risk menu ask for. */
export interface ToolFilter {
  /** Matched, ignoring case, against the tool's own name, its exposed name and its server. */
  readonly text: string;
  readonly risk: ToolRisk | 'any';
}

/** One server's block of rows in the matrix. */
export interface ServerGroup {
  readonly server: string;
  /** The tools that pass the filter. */
  readonly shown: readonly AccessTool[];
  /** Every tool of the server, for the bulk switch (which covers them all). */
  readonly all: readonly AccessTool[];
}

/** Servers in name order, each with the tools that pass the filter; servers with none are left out. */
export function groupTools(tools: readonly AccessTool[], filter: ToolFilter): ServerGroup[] {
  const needle = filter.text.trim().toLowerCase();
  const passes = (tool: AccessTool): boolean =>
    (filter.risk === 'any' || tool.risk === filter.risk) &&
    (needle === '' ||
      [tool.tool, tool.exposedName, tool.server].some((name) => name.toLowerCase().includes(needle)));

  const byServer = new Map<string, AccessTool[]>();
  for (const tool of tools) byServer.set(tool.server, [...(byServer.get(tool.server) ?? []), tool]);
  return [...byServer.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([server, all]) => ({ server, all, shown: all.filter(passes) }))
    .filter((group) => group.shown.length > 0);
}

/** Whether a server's tools are all on, all off, or mixed for one client. */
export type GroupState = 'on' | 'off' | 'mixed';

/** The state of a server's tools for one client. */
export function groupState(matrix: AccessMatrix, client: string, tools: readonly AccessTool[]): GroupState {
  const on = tools.filter((tool) => matrix.enabled[client]?.[tool.key] === true).length;
  return on === 0 ? 'off' : on === tools.length ? 'on' : 'mixed';
}

/** The matrix as it will be once a change is applied, shown before the gateway confirms it. */
export function withChange(
  matrix: AccessMatrix,
  change: { client: string; server: string; tool?: string; enabled: boolean },
): AccessMatrix {
  const cells = { ...matrix.enabled[change.client] };
  for (const tool of matrix.tools) {
    if (tool.server === change.server && (change.tool === undefined || tool.tool === change.tool))
      cells[tool.key] = change.enabled;
  }
  return { ...matrix, enabled: { ...matrix.enabled, [change.client]: cells } };
}
