/**
 * A tool's risk level from its MCP annotations, and the order of risk levels. The integrity
 * classifier (`integrity/tool-classifier.ts`) refines this with what the name, description and
 * schema say, because annotations are hints from a server we do not trust.
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

/**
 * How much harm each level can do. Reaching the outside world ranks below writing: a read that
 * leaves the machine can leak, but a write or a delete changes things that may not come back.
 */
const severity: Record<ToolRisk, number> = {
  'read-only': 0,
  'open-world': 1,
  writes: 2,
  destructive: 3,
};

/** The most severe of the given levels: independent readings of one tool combine this way. */
export function mostSevereRisk(first: ToolRisk, ...others: readonly ToolRisk[]): ToolRisk {
  let worst = first;
  for (const risk of others) if (severity[risk] > severity[worst]) worst = risk;
  return worst;
}
