import { describe, expect, it } from 'vitest';
import type { AuditHealth } from '../../../shared/contracts/audit.js';
import { trayModel, type TrayState } from '../../../electron/main/tray-model.js';

const running: TrayState = { gateway: 'running', pendingApprovals: 0, launchAtLogin: false };
const healthy: AuditHealth = {
  state: 'ok',
  policy: 'keep-serving',
  refusingCalls: false,
  backlog: { records: 0, bytes: 0, maxRecords: 10_000, maxBytes: 33_554_432 },
  notKept: 0,
  failingSince: null,
  message: null,
};

describe('tray model: audit health', () => {
  it('shows nothing more while the audit trail is written', () => {
    expect(trayModel({ ...running, audit: healthy })).toMatchObject({
      icon: 'running',
      tooltip: 'Gatehouse is running',
    });
  });

  it('shows the problem icon and says why while the trail cannot be written', () => {
    const behind = { ...healthy, state: 'behind' as const, backlog: { ...healthy.backlog, records: 42 } };
    expect(trayModel({ ...running, pendingApprovals: 1, audit: behind })).toMatchObject({
      icon: 'error',
      tooltip:
        'Gatehouse is running — the audit trail cannot be written (42 records wait in memory) — 1 call waits for your approval',
    });
    const refusing = { ...behind, policy: 'refuse-calls' as const, refusingCalls: true };
    expect(trayModel({ ...running, audit: refusing }).tooltip).toBe(
      'Gatehouse is running — the audit trail cannot be written, so tool calls are refused',
    );
  });
});
