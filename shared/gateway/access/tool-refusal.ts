/**
 * Why a tool may not be used by a client before policy is even asked: held back for review
 * (tool integrity) or switched off for that client (the Tools page).
 */
import type { HoldReason } from '../../contracts/tool-integrity.js';
import { TOOL_INTEGRITY_RULE_ID } from '../integrity/tool-integrity.js';
import { TOOL_ACCESS_RULE_ID } from './tool-access.js';

export interface ToolRefusal {
  readonly ruleId: string;
  /** Follows the tool's exposed name and a colon in what is audited and returned to the model. */
  readonly explanation: string;
}

export function heldToolRefusal(reason: HoldReason): ToolRefusal {
  return {
    ruleId: TOOL_INTEGRITY_RULE_ID,
    explanation:
      reason === 'changed'
        ? 'this tool changed since the person approved it. Gatehouse holds it until the person reviews the change.'
        : 'this tool is new and waits for the person to review it in Gatehouse.',
  };
}

export function switchedOffRefusal(client: string): ToolRefusal {
  return {
    ruleId: TOOL_ACCESS_RULE_ID,
    explanation: `this tool is switched off for the client "${client}" in Gatehouse.`,
  };
}
