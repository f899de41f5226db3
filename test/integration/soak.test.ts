/**
 * The soak of `npm run bench` in its short CI setting: a steady rate of calls through a real
 * `gatehouse serve` with policy, robot-answered approvals and the audit trail on. Timing figures
 * are the benchmark's business; this asserts what must hold at any speed: every call answered,
 * every answered call audited exactly once, the hash chain intact.
 */
import { describe, expect, it } from 'vitest';
import { killAllChildren } from '../bench/processes.js';
import { runSoak } from '../bench/soak-run.js';

describe('soak (short CI setting)', () => {
  it('loses and duplicates no audit record under a steady load with approvals', async () => {
    try {
      const result = await runSoak({
        durationSeconds: 15,
        callsPerSecond: 20,
        windowSeconds: 5,
        approvalEvery: 10,
        fromSource: true,
      });
      expect(result.errors).toBe(0);
      expect(result.answered).toBe(result.sent);
      // Every tenth call waited for the robot; its last answers may still be on their way back.
      expect(result.approvalsGiven).toBeGreaterThan(0);
      // Exactly rate × duration calls, in three windows of five seconds (late answers in the last).
      expect(result.sent).toBe(300);
      expect(result.windows.map((window) => window.endSecond)).toEqual([5, 10, 15]);
      expect(result.windows.reduce((sum, window) => sum + window.calls, 0)).toBe(300);
      // The memory probe ran inside the gateway: every window has V8's figures beside RSS.
      for (const window of result.windows) {
        expect(window.heapUsedMinMb).toBeGreaterThan(1);
        expect(window.rssMinMb).toBeLessThanOrEqual(window.rssMaxMb);
      }
      expect(result.audit).toEqual({
        expected: result.sent,
        found: result.sent,
        missing: 0,
        duplicated: 0,
        chainOk: true,
      });
    } finally {
      killAllChildren();
    }
  }, 90_000);
});
