import { describe, expect, it } from 'vitest';
import type { AuditRecord } from '../../../../shared/contracts/audit.js';
import { PolicySetSchema } from '../../../../shared/contracts/policy.js';
import { dryRun } from '../../../../shared/gateway/policy/dry-run.js';

let seq = 0;
function record(overrides: Partial<AuditRecord>): AuditRecord {
  seq += 1;
  return {
    seq,
    time: new Date(Date.UTC(2026, 10, 25, 9, 0, seq)).toISOString(),
    client: 'cursor',
    sessionId: 's',
    method: 'tools/call',
    server: 'files',
    target: 'read_file',
    arguments: JSON.stringify({ path: '/tmp/a' }),
    decision: 'allow',
    outcome: 'ok',
    durationMs: 3,
    prevHash: '',
    hash: '',
    ...overrides,
  };
}

describe('dryRun', () => {
  const history = [
    record({ target: 'read_file', arguments: JSON.stringify({ path: '/home/me/.ssh/id_rsa' }) }),
    record({ target: 'write_file', decision: 'approve', ruleId: 'ask-writes' }),
    record({ target: 'read_file' }),
    record({ method: 'resources/read', target: 'file:///x' }),
    record({ target: 'search' }),
    record({ target: 'search' }),
  ].reverse(); // the audit returns newest first

  const draft = PolicySetSchema.parse({
    rules: [
      { id: 'no-ssh', match: { arguments: [{ anyString: true, glob: '**/.ssh/**' }] }, action: 'deny' },
      { id: 'ask-writes', match: { annotations: { readOnlyHint: false } }, action: 'approve' },
      {
        id: 'one-search',
        match: { tools: ['search'] },
        action: 'deny',
        rateLimit: { max: 1, windowSeconds: 60, per: 'client' },
      },
    ],
  });
  const annotations = (_server: string, tool: string) => ({
    annotations: { readOnlyHint: tool !== 'write_file' },
  });

  it('reports each past tool call before and after, newest first, and counts the changes', () => {
    const report = dryRun(draft, history, annotations);
    expect(report.checked).toBe(5);
    expect(
      report.calls.map((call) => [call.tool, call.after.action, call.after.ruleId, call.changed]),
    ).toEqual([
      ['search', 'deny', 'one-search', true],
      ['search', 'allow', undefined, false],
      ['read_file', 'allow', undefined, false],
      ['write_file', 'approve', 'ask-writes', false],
      ['read_file', 'deny', 'no-ssh', true],
    ]);
    expect(report.changed).toBe(2);
  });

  it('treats truncated (unparseable) arguments as none', () => {
    const report = dryRun(draft, [record({ arguments: '{"path": "/home/me/.ssh/…[truncated' })], annotations);
    expect(report.calls[0]?.after.action).toBe('allow');
  });
});
