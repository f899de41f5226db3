/**
 * Flow rules in policy: what `match.flow` matches (source, destination, length), the explanation
 * that names the argument and source, tools never hidden by a flow rule, temporary grants that do
 * not cover a flow, and the dry run replaying recorded flows.
 */
import { describe, expect, it } from 'vitest';
import type { AuditRecord } from '../../../../shared/contracts/audit.js';
import type { Flow } from '../../../../shared/contracts/flow.js';
import { PolicySetSchema } from '../../../../shared/contracts/policy.js';
import { ApprovalQueue } from '../../../../shared/gateway/approvals/approval-queue.js';
import { CallGate } from '../../../../shared/gateway/policy/call-gate.js';
import { dryRun } from '../../../../shared/gateway/policy/dry-run.js';
import { PolicyEngine, type CallFacts } from '../../../../shared/gateway/policy/policy-engine.js';
import { POLICY_TEMPLATE } from '../../../../shared/gateway/policy/policy-template.js';
import { GrantRegistry } from '../../../../shared/gateway/grants/grant-registry.js';

const clock = { now: () => Date.UTC(2026, 11, 5, 10, 40) };

const fromFiles: Flow = {
  argument: '/body',
  length: 1212,
  spans: [[5, 1300]],
  source: {
    kind: 'result',
    method: 'tools/call',
    server: 'files',
    name: 'read_text_file',
    at: '2026-12-05T10:32:00.000Z',
    dataClass: 'private',
  },
};
const fromWeb: Flow = {
  ...fromFiles,
  argument: '/content',
  length: 300,
  source: {
    ...fromFiles.source,
    server: 'web',
    name: 'fetch_page',
    dataClass: 'untrusted',
  } as Flow['source'],
};
const secret: Flow = {
  argument: '/headers/Authorization',
  length: 40,
  spans: [[7, 47]],
  source: { kind: 'secret', secret: 'GITHUB_TOKEN', encoding: 'base64' },
};

const template = () => new PolicyEngine(POLICY_TEMPLATE, clock);

function call(overrides: Partial<CallFacts>): CallFacts {
  return { client: 'agent', server: 'web', tool: 'post_form', risk: 'writes', arguments: {}, ...overrides };
}

describe('the template flow rules', () => {
  it('denies a secret in any argument, naming the argument and the secret, never the value', () => {
    const decision = template().decide(call({ risk: 'read-only', flows: [secret] }));
    expect(decision).toMatchObject({ action: 'deny', ruleId: 'deny-secret-in-arguments', byFlow: true });
    expect(decision.explanation).toContain(
      'The argument `headers/Authorization` holds the secret GITHUB_TOKEN (base64-encoded).',
    );
  });

  it('asks before private data goes to a tool that reaches the internet, same server or not', () => {
    const open = template().decide(
      call({ risk: 'writes', annotations: { openWorldHint: true }, flows: [fromFiles] }),
    );
    expect(open).toMatchObject({ action: 'approve', ruleId: 'ask-private-data-to-open-world' });
    expect(open.explanation).toContain(
      'The argument `body` holds 1,212 characters returned by files/read_text_file at 10:32 UTC (private data).',
    );
    const sameServer = template().decide(call({ server: 'files', risk: 'open-world', flows: [fromFiles] }));
    expect(sameServer.ruleId).toBe('ask-private-data-to-open-world');
  });

  it('asks before private data goes into another server’s write, not the same server’s', () => {
    expect(template().decide(call({ server: 'notes', risk: 'writes', flows: [fromFiles] })).ruleId).toBe(
      'ask-private-data-to-other-server',
    );
    expect(template().decide(call({ server: 'files', risk: 'writes', flows: [fromFiles] })).ruleId).toBe(
      'flag-writes',
    );
  });

  it('asks before untrusted text steers a destructive call, and lets it into a read', () => {
    expect(template().decide(call({ server: 'files', risk: 'destructive', flows: [fromWeb] })).ruleId).toBe(
      'ask-untrusted-steering-destructive',
    );
    expect(template().decide(call({ server: 'search', risk: 'read-only', flows: [fromWeb] })).ruleId).toBe(
      'allow-read-only',
    );
  });

  it('never hides a tool from tools/list because of a flow rule', () => {
    const engine = new PolicyEngine(
      PolicySetSchema.parse({ rules: [{ id: 'no-flows', match: { flow: {} }, action: 'deny' }] }),
      clock,
    );
    expect(engine.isDeniedOutright({ client: 'agent', server: 'web', tool: 'post_form' })).toBe(false);
    expect(engine.decide(call({})).ruleId).toBeUndefined();
    expect(engine.decide(call({ flows: [fromWeb] })).ruleId).toBe('no-flows');
  });
});

describe('flow conditions', () => {
  const decide = (flow: Record<string, unknown>, facts: Partial<CallFacts>) =>
    new PolicyEngine(
      PolicySetSchema.parse({ rules: [{ id: 'r', match: { flow }, action: 'log' }] }),
      clock,
    ).decide(call(facts)).ruleId;

  it('matches sources by server glob, data class and secret name', () => {
    expect(decide({ from: { servers: ['fi*'] } }, { flows: [fromFiles] })).toBe('r');
    expect(decide({ from: { servers: ['web'] } }, { flows: [fromFiles] })).toBeUndefined();
    expect(decide({ from: { servers: ['*'] } }, { flows: [secret] })).toBeUndefined();
    expect(decide({ from: { secrets: ['GITHUB_*'] } }, { flows: [secret] })).toBe('r');
    expect(decide({ from: { secrets: ['AWS_*'] } }, { flows: [secret] })).toBeUndefined();
    expect(decide({ from: { dataClasses: ['untrusted'] } }, { flows: [fromFiles, fromWeb] })).toBe('r');
  });

  it('matches destinations and a minimum length', () => {
    expect(decide({ to: { servers: ['web'] } }, { flows: [fromFiles] })).toBe('r');
    expect(decide({ to: { servers: ['mail'] } }, { flows: [fromFiles] })).toBeUndefined();
    expect(decide({ to: { risk: ['destructive'] } }, { flows: [fromFiles] })).toBeUndefined();
    expect(decide({ minLength: 1000 }, { flows: [fromWeb] })).toBeUndefined();
    expect(decide({ minLength: 1000 }, { flows: [fromFiles] })).toBe('r');
  });
});

describe('a temporary grant and a flow', () => {
  it('does not skip the question a flow rule asks', async () => {
    const grants = new GrantRegistry(clock);
    grants.add(
      { client: 'agent', server: 'web', tool: 'post_form' },
      { minutes: 15, conditions: [] },
      'test',
    );
    const approvals = new ApprovalQueue(clock, () => 60_000);
    const gate = new CallGate(() => template(), grants, approvals);
    const base = { sessionId: 's', exposedTool: 'web__post_form', signal: new AbortController().signal };
    // Without a flow, the grant answers the template's question (a destructive tool)…
    const plain = await gate.admit({ ...call({ risk: 'destructive' }), ...base });
    expect(plain.decision.explanation).toMatch(/Allowed by grant-/);
    // …with one, the person is asked again, and sees where the text came from.
    const held = gate.admit({
      ...call({ annotations: { openWorldHint: true }, flows: [fromFiles] }),
      ...base,
    });
    await new Promise((resolve) => setImmediate(resolve));
    const [pending] = approvals.pending();
    expect(pending?.flows).toEqual([fromFiles]);
    approvals.decide(pending!.id, { kind: 'deny' }, 'test');
    const admission = await held;
    expect(admission.admitted).toBe(false);
    expect(admission.flows).toEqual([fromFiles]);
    expect(admission.refusal).toContain('The argument `body` holds 1,212 characters');
  });
});

describe('dry run over recorded flows', () => {
  it('replays flow rules over the flows each record kept', () => {
    const record = (seq: number, flows?: Flow[]): AuditRecord => ({
      seq,
      time: new Date(Date.UTC(2026, 11, 5, 10, seq)).toISOString(),
      client: 'agent',
      sessionId: 's',
      method: 'tools/call',
      server: 'web',
      target: 'post_form',
      arguments: '{}',
      decision: 'log',
      ruleId: 'flag-writes',
      outcome: 'ok',
      durationMs: 1,
      prevHash: '',
      hash: '',
      ...(flows ? { flows } : {}),
    });
    const report = dryRun(POLICY_TEMPLATE, [record(2, [secret]), record(1)], () => ({ risk: 'writes' }));
    expect(report.calls.map((c) => [c.seq, c.after.ruleId, c.changed])).toEqual([
      [2, 'deny-secret-in-arguments', true],
      [1, 'flag-writes', false],
    ]);
  });
});
