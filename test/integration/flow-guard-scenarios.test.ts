/**
 * The data-flow guard end to end: each exfiltration story is stopped (refused, or held for the
 * person) with the provenance that explains it, and each benign flow passes untouched. Real
 * servers from npm and small fixtures behind one Gatehouse with the policy template.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { play, SECRET_NAME, scenarios, startScenarioWorld, type ScenarioWorld } from './flow-scenarios.js';
import { runCli } from './harness.js';

let world: ScenarioWorld;

beforeAll(async () => {
  world = await startScenarioWorld();
}, 90_000);

afterAll(async () => {
  await world?.stop();
});

const all = scenarios();

describe('exfiltration paths are stopped with their provenance', () => {
  for (const scenario of all.filter((s) => s.kind === 'exfiltration')) {
    it(scenario.name, async () => {
      const expected = scenario.expect;
      if (!expected.stopped) throw new Error('an exfiltration scenario must expect a stop');
      const played = await play(world, scenario);
      expect(played.isError).toBe(true);
      expect(played.record).toMatchObject({ decision: expected.action, outcome: 'denied' });
      expect(played.record.ruleId).toMatch(expected.rule);
      const flow = played.record.flows?.find((candidate) => candidate.argument === expected.argument);
      expect(flow?.source).toMatchObject(expected.source);
      // The refusal names the argument and the source, never the data.
      expect(played.text).toContain(`\`${expected.argument.slice(1)}\``);
      expect(played.text).not.toContain(world.secret);
      expect(played.text).not.toContain(world.privateKey.slice(40, 80));
      if (expected.action === 'approve') {
        expect(played.approval?.flows?.[0]).toMatchObject({
          argument: expected.argument,
          source: expected.source,
        });
        expect(played.approval?.explanation).toMatch(/holds [\d,]+ characters (returned by|read from)/);
      } else {
        expect(played.approval).toBeUndefined();
        expect(played.text).toContain(`holds the secret ${SECRET_NAME}`);
      }
    });
  }
});

describe('benign flows pass untouched', () => {
  for (const scenario of all.filter((s) => s.kind === 'benign')) {
    it(scenario.name, async () => {
      const played = await play(world, scenario);
      expect(played.approval).toBeUndefined();
      expect(played.isError).toBe(false);
      expect(played.record.flows).toBeUndefined();
      expect(played.record.ruleId ?? '').not.toMatch(/^(deny-secret|ask-private|ask-untrusted)/);
    });
  }
});

describe('the audit trail after the scenarios', () => {
  it('finds the flows by source and kind, and the dry run replays flow rules over them', async () => {
    const log = world.gatehouse.gateway.auditLog!;
    log.flush();
    const secretFlows = log.query({ flow: 'secret' }).records;
    expect(secretFlows.length).toBeGreaterThanOrEqual(4);
    expect(log.query({ flow: 'server:files' }).records.length).toBeGreaterThanOrEqual(3);
    expect(log.query({ flow: 'untrusted' }).records.map((r) => r.target)).toContain('write_file');
    expect(log.verify().ok).toBe(true);
    // The CLI searches the same way.
    const cli = await runCli(world.gatehouse.dataDir, 'audit', 'query', '--flow', 'secret');
    expect(cli.code).toBe(0);
    expect(cli.stdout.trim().split('\n')).toHaveLength(secretFlows.length);
    expect(cli.stdout).toContain('deny-secret-in-arguments');
    expect(cli.stdout).toContain('[1 flow]');
    // Without the secret rule, the dry run shows which past calls would have gone through.
    const { dryRun } = await import('../../shared/gateway/policy/dry-run.js');
    const policies = world.gatehouse.gateway.policies;
    const draft = {
      ...policies,
      rules: policies.rules.filter((rule) => rule.id !== 'deny-secret-in-arguments'),
    };
    const report = dryRun(draft, log.query({ limit: 1000 }).records, (server, tool) =>
      world.gatehouse.gateway.toolFacts(server, tool),
    );
    const changed = report.calls.filter((c) => c.changed && c.before.ruleId === 'deny-secret-in-arguments');
    expect(changed.length).toBe(secretFlows.filter((r) => r.method === 'tools/call').length);
    // Replaying the policy in force changes nothing: the recorded flows decide as they did.
    const same = dryRun(policies, log.query({ limit: 1000 }).records, (server, tool) =>
      world.gatehouse.gateway.toolFacts(server, tool),
    );
    expect(
      same.calls.filter((c) => c.changed && c.before.ruleId?.startsWith('ask-')).map((c) => c.tool),
    ).toEqual([]);
  });
});
