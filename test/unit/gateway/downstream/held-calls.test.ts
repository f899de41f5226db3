import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { HeldCalls, StaleRequestState } from '../../../../shared/gateway/downstream/modern/held-calls.js';
import { ModernCall } from '../../../../shared/gateway/downstream/modern/modern-call.js';

const envelope = { protocolVersion: '2026-07-28', clientCapabilities: { elicitation: {} } };
const key = randomBytes(32);

function call(client = 'a', target = 'srv__tool'): ModernCall {
  return new ModernCall(client, 'tools/call', target, envelope);
}

describe('HeldCalls', () => {
  afterEach(() => vi.useRealTimers());

  it('hands back the held call for its own state, once', async () => {
    const held = new HeldCalls(async () => key);
    const first = call();
    const state = await held.hold(first);
    expect(await held.take(state, 'a', 'tools/call', 'srv__tool')).toBe(first);
    await expect(held.take(state, 'a', 'tools/call', 'srv__tool')).rejects.toThrow(/no longer held/);
  });

  it("refuses another client's state, another request's, and an earlier round's", async () => {
    const held = new HeldCalls(async () => key);
    const first = call();
    const state = await held.hold(first);
    await expect(held.take(state, 'b', 'tools/call', 'srv__tool')).rejects.toBeInstanceOf(StaleRequestState);
    await expect(held.take(state, 'a', 'prompts/get', 'srv__tool')).rejects.toBeInstanceOf(StaleRequestState);
    await expect(held.take(state, 'a', 'tools/call', 'srv__other')).rejects.toBeInstanceOf(StaleRequestState);
    first.roundNumber++;
    await expect(held.take(state, 'a', 'tools/call', 'srv__tool')).rejects.toThrow(/no longer held/);
  });

  it('refuses a state sealed with another key', async () => {
    const ours = new HeldCalls(async () => key);
    const theirs = new HeldCalls(async () => randomBytes(32));
    const state = await theirs.hold(call());
    await expect(ours.take(state, 'a', 'tools/call', 'srv__tool')).rejects.toThrow(/not one Gatehouse issued/);
  });

  it('holds nothing forever: 10,000 calls whose retries never come are all cancelled', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const held = new HeldCalls(async () => key, 60_000, 2_000);
    const calls = Array.from({ length: 10_000 }, () => call());
    const states: string[] = [];
    for (const each of calls) states.push(await held.hold(each));
    // Past the per-client bound the oldest go first.
    expect(held.size).toBe(2_000);
    expect(calls.filter((each) => each.signal.aborted)).toHaveLength(8_000);
    vi.advanceTimersByTime(61_000);
    expect(held.size).toBe(0);
    expect(calls.every((each) => each.signal.aborted)).toBe(true);
    await expect(held.take(states.at(-1) as string, 'a', 'tools/call', 'srv__tool')).rejects.toThrow(/expired/);
  });

  it('keeps one client from pushing out another', async () => {
    const held = new HeldCalls(async () => key, 60_000, 2);
    const other = call('b');
    await held.hold(other);
    for (let index = 0; index < 5; index++) await held.hold(call('a'));
    expect(other.signal.aborted).toBe(false);
    expect(held.size).toBe(3);
    held.cancelAll();
    expect(other.signal.aborted).toBe(true);
  });

  it('tries the key again after it could not be read', async () => {
    let attempts = 0;
    const held = new HeldCalls(async () => {
      attempts++;
      if (attempts === 1) throw new Error('keychain locked');
      return key;
    });
    await expect(held.hold(call())).rejects.toThrow('keychain locked');
    await expect(held.hold(call())).resolves.toMatch(/^v1\./);
  });
});
