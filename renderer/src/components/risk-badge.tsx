/**
 * A tool's risk, as a word with a colour (never colour alone).
 */
import type { ToolRisk } from '../../../shared/contracts/tool-access.js';

const LABELS: Record<ToolRisk, string> = {
  'read-only': 'read-only',
  writes: 'writes',
  destructive: 'destructive',
  'open-world': 'open world',
};

/** A tool's risk as a labelled, coloured badge. */
export function RiskBadge({ risk }: { risk: ToolRisk }) {
  return <span className={`badge risk-${risk}`}>{LABELS[risk]}</span>;
}
