/**
 * The engine's side of the control API: one plain async function per method. Transports parse
 * arguments with the shared schemas before they get here and wrap results in the envelope.
 */
import type { ControlArgs, ControlMethod, ControlResult } from '../../contracts/control-api.js';
import type { Gateway } from '../gateway.js';

/** An implementation of every control method. */
export type ControlHandlers = {
  [M in ControlMethod]: (args: ControlArgs<M>, caller: string) => Promise<ControlResult<M>>;
};

/** Binds the control methods to a running gateway. */
export function createControlHandlers(gateway: Gateway): ControlHandlers {
  return {
    'approvals.list': async () => gateway.approvals.pending(),
    'approvals.decide': async ({ id, verdict }, caller) => gateway.decideApproval(id, verdict, caller),
    'servers.status': async () => gateway.upstreamStatuses(),
    'policy.reload': async () => ({ rules: gateway.reloadPolicies().rules.length }),
    'policy.get': async () => gateway.policies,
  };
}
