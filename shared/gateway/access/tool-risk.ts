/**
 * A tool's risk level from its MCP annotations. Issue 7 adds what its name, description and
 * schema say; until then the annotations are all there is.
 */
import type { ToolRisk } from '../../contracts/tool-access.js';

interface Hints {
  readonly readOnlyHint?: unknown;
  readonly destructiveHint?: unknown;
  readonly openWorldHint?: unknown;
}

/**
 * The MCP defaults are cautious: a tool without annotations may write and destroy, so it counts
 * as `writes`, not `read-only`.
 */
export function riskFromAnnotations(annotations: Hints | undefined): ToolRisk {
  if (annotations?.readOnlyHint === true)
    return annotations.openWorldHint === true ? 'open-world' : 'read-only';
  if (annotations?.destructiveHint === true) return 'destructive';
  if (annotations?.openWorldHint === true) return 'open-world';
  return 'writes';
}
