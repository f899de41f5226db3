/**
 * The engine's side of the control API: one plain async function per method. Transports parse
 * arguments with the shared schemas before they get here and wrap results in the envelope.
 */
import type { ControlMethod, ControlParsedArgs, ControlResult } from '../../contracts/control-api.js';
import type { AuditLog } from '../audit/audit-log.js';
import { GatehouseError } from '../errors.js';
import { createSetupHandlers } from '../clients/setup/setup-control.js';
import { createGrantAndSignInHandlers } from '../grants/grant-control.js';
import type { Gateway } from '../gateway.js';
import { dryRun } from '../policy/dry-run.js';
import { secretInventory } from '../secrets/secret-inventory.js';
import { connectInstructions, TOKEN_PLACEHOLDER } from '../clients/connect-instructions.js';
import {
  accessMatrix,
  changeAccess,
  changeAccessDefault,
  removeServer,
  saveServer,
  setServerEnabled,
  shownServer,
  toolsOf,
  updateSettings,
} from './config-admin.js';
import { validatePolicies } from '../policy/policy-validation.js';
import { catalogBudget, configureCatalog } from './catalog-admin.js';

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
    ...createSetupHandlers(gateway),
    ...createGrantAndSignInHandlers(gateway),
    'approvals.list': async () => gateway.approvals.pending(),
    'approvals.decide': async ({ id, verdict }, caller) => gateway.decideApproval(id, verdict, caller),
    'servers.status': async () => gateway.upstreamStatuses(),
    'servers.restart': async ({ name }) => gateway.restartUpstream(name),
    'servers.list': async () => {
      const statuses = new Map(gateway.upstreamStatuses().map((status) => [status.name, status]));
      return Object.entries(gateway.config.mcpServers).map(([name, config]) => ({
        name,
        config: shownServer(config),
        ...(statuses.has(name) ? { status: statuses.get(name) } : {}),
      }));
    },
    'servers.tools': async ({ name }) => toolsOf(gateway, name),
    'servers.save': async ({ name, config, replace }) => {
      await saveServer(gateway, name, config, replace);
      return { name };
    },
    'servers.remove': async ({ name }) => {
      await removeServer(gateway, name);
      return { name };
    },
    'servers.setEnabled': async ({ name, enabled }) => {
      await setServerEnabled(gateway, name, enabled);
      return { name, enabled };
    },
    'clients.list': async () => gateway.clients.list(),
    'clients.add': async ({ name, kind }) => {
      const created = gateway.clients.add(name);
      gateway.events.emit({ type: 'config.changed', area: 'clients' });
      return {
        name: created.name,
        token: created.token,
        instructions: connectInstructions(kind, { url: gateway.url.href, token: created.token }),
      };
    },
    'clients.revoke': async ({ name }) => {
      gateway.clients.revoke(name);
      gateway.events.emit({ type: 'config.changed', area: 'clients' });
      return { name };
    },
    'clients.instructions': async ({ kind }) =>
      connectInstructions(kind, { url: gateway.url.href, token: TOKEN_PLACEHOLDER }),
    'catalog.budget': async () => catalogBudget(gateway),
    'catalog.configure': async (change) => configureCatalog(gateway, change),
    'access.matrix': async () => accessMatrix(gateway),
    'access.set': async ({ changes }) => changeAccess(gateway, changes),
    'access.setDefault': async ({ newTools }) => changeAccessDefault(gateway, newTools),
    'tools.held': async () => gateway.integrity.heldTools(),
    'tools.accept': async ({ server, tool, hash }, caller) => {
      gateway.acceptTool(server, tool, hash, caller);
      return gateway.integrity.heldTools();
    },
    'gateway.state': async () => gateway.state.current(),
    'gateway.pause': async (_args, caller) => gateway.state.setPaused(true, caller),
    'gateway.resume': async (_args, caller) => gateway.state.setPaused(false, caller),
    'settings.get': async () => gateway.config.settings,
    'settings.update': async ({ settings }) => updateSettings(gateway, settings),
    'policy.validate': async ({ policies }) => validatePolicies(policies, gateway.clock),
    'policy.set': async ({ policies }) => {
      const problems = validatePolicies(policies, gateway.clock).problems;
      if (problems.length > 0) throw new GatehouseError('policy_invalid', problems.join(' '));
      const next = gateway.configStore.update((raw) => ({ ...raw, policies }));
      const applied = gateway.reloadPolicies();
      await gateway.configChanged(next, 'policy');
      return applied;
    },
    'audit.export': async ({ format, query, page }) => requireAudit(gateway).exportPage(format, query, page),
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
      dryRun(policies, requireAudit(gateway).recent(last), (server, tool) => gateway.toolFacts(server, tool)),
    'audit.query': async (query) => requireAudit(gateway).query(query),
    'audit.get': async ({ seq }) => requireAudit(gateway).get(seq) ?? null,
    'audit.verify': async () => requireAudit(gateway).verify(),
  };
}
