/**
 * The engine's side of the control API: one plain async function per method. Transports parse
 * arguments with the shared schemas before they get here and wrap results in the envelope.
 */
import type { ControlMethod, ControlParsedArgs, ControlResult } from '../../contracts/control-api.js';
import type { AuditLog } from '../audit/audit-log.js';
import { GatehouseError } from '../errors.js';
import type { Gateway } from '../gateway.js';
import { dryRun } from '../policy/dry-run.js';
import { secretInventory } from '../secrets/secret-inventory.js';

/** An implementation of every control method. */
export type ControlHandlers = {
  [M in ControlMethod]: (args: ControlParsedArgs<M>, caller: string) => Promise<ControlResult<M>>;
};

/** The gateway's audit log, flushed so reads see every record so far. */
function requireAudit(gateway: Gateway): AuditLog {
  const log = gateway.auditLog;
  if (!log) throw new GatehouseError('audit_unavailable', 'This gateway keeps no audit log.');
  log.flush();
  return log;
}

/** Binds the control methods to a running gateway. */
export function createControlHandlers(gateway: Gateway): ControlHandlers {
  return {
    'approvals.list': async () => gateway.approvals.pending(),
    'approvals.decide': async ({ id, verdict }, caller) => gateway.decideApproval(id, verdict, caller),
    'servers.status': async () => gateway.upstreamStatuses(),
    'servers.restart': async ({ name }) => gateway.restartUpstream(name),
    'secrets.list': async () => secretInventory(gateway.secrets, gateway.config),
    'secrets.set': async ({ name, value }) => {
      await gateway.secrets.set(name, value);
      return { name, restarted: await gateway.secretChanged(name) };
    },
    'secrets.delete': async ({ name }) => {
      const deleted = await gateway.secrets.delete(name);
      return { name, deleted, restarted: await gateway.secretChanged(name) };
    },
    'secrets.changed': async ({ name }) => ({ restarted: await gateway.secretChanged(name) }),
    'policy.reload': async () => ({ rules: gateway.reloadPolicies().rules.length }),
    'policy.get': async () => gateway.policies,
    'policy.dryRun': async ({ policies, last }) =>
      dryRun(policies, requireAudit(gateway).recent(last), (server, tool) =>
        gateway.toolAnnotations(server, tool),
      ),
    'audit.query': async (query) => requireAudit(gateway).query(query),
    'audit.get': async ({ seq }) => requireAudit(gateway).get(seq) ?? null,
    'audit.verify': async () => requireAudit(gateway).verify(),
  };
}
