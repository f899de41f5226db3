import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { HeldCalls } from '../../../../shared/gateway/downstream/modern/held-calls.js';
import { ModernCall } from '../../../../shared/gateway/downstream/modern/modern-call.js';
import {
  RequestStateSeal,
  StaleRequestState,
  type HeldState,
} from '../../../../shared/gateway/downstream/modern/request-state-seal.js';

const envelope = { protocolVersion: '2026-07-28', clientCapabilities: { elicitation: {} } };
const key = randomBytes(32);
const binding = { client: 'a', method: 'tools/call', target: 'srv__tool' };

function call(client = 'a', target = 'srv__tool'): ModernCall {
  return new ModernCall(client, 'tools/call', target, envelope);
}

function sealWith(bytes: Uint8Array = key, ttlMs = 60_000): RequestStateSeal {
  return new RequestStateSeal(async () => bytes, ttlMs);
}

/** Opens a state as the lane does, then takes its held call. */
async function retake(
  held: HeldCalls,
  seal: RequestStateSeal,
  state: string,
  which = binding,
): Promise<ModernCall> {
  return held.take((await seal.open(state, which)) as HeldState);
}

describe('HeldCalls and the requestState seal', () => {
  afterEach(() => vi.useRealTimers());

  it('hands back the held call for its own state, once', async () => {
    const seal = sealWith();
    const held = new HeldCalls(seal);
    const first = call();
    const state = await held.hold(first);
    expect(await retake(held, seal, state)).toBe(first);
    await expect(retake(held, seal, state)).rejects.toThrow(/no longer held/);
  });

  it("refuses another client's state, another request's, and an earlier round's", async () => {
    const seal = sealWith();
    const held = new HeldCalls(seal);
    const first = call();
    const state = await held.hold(first);
    for (const other of [
      { ...binding, client: 'b' },
      { ...binding, method: 'prompts/get' },
      { ...binding, target: 'srv__other' },
    ])
      await expect(seal.open(state, other)).rejects.toBeInstanceOf(StaleRequestState);
    first.roundNumber++;
    await expect(retake(held, seal, state)).rejects.toThrow(/no longer held/);
  });

  it('refuses a state sealed with another key, or altered by one character', async () => {
    const ours = sealWith();
    const theirs = sealWith(randomBytes(32));
    const state = await new HeldCalls(theirs).hold(call());
    await expect(ours.open(state, binding)).rejects.toThrow(/not one Gatehouse issued/);
    const own = await new HeldCalls(ours).hold(call());
    const altered = own.slice(0, 10) + (own[10] === 'a' ? 'b' : 'a') + own.slice(11);
    await expect(ours.open(altered, binding)).rejects.toBeInstanceOf(StaleRequestState);
  });

  it('holds nothing forever: 10,000 calls whose retries never come are all cancelled', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const seal = sealWith(key, 60_000);
    const held = new HeldCalls(seal, 60_000, 2_000);
    const calls = Array.from({ length: 10_000 }, () => call());
    const states: string[] = [];
    for (const each of calls) states.push(await held.hold(each));
    // Past the per-client bound the oldest go first.
    expect(held.size).toBe(2_000);
    expect(calls.filter((each) => each.signal.aborted)).toHaveLength(8_000);
    vi.advanceTimersByTime(61_000);
    expect(held.size).toBe(0);
    expect(calls.every((each) => each.signal.aborted)).toBe(true);
    await expect(seal.open(states.at(-1) as string, binding)).rejects.toThrow(/expired/);
  });

  it('keeps one client from pushing out another', async () => {
    const held = new HeldCalls(sealWith(), 60_000, 2);
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
    const seal = new RequestStateSeal(async () => {
      attempts++;
      if (attempts === 1) throw new Error('keychain locked');
      return key;
    }, 60_000);
    const held = new HeldCalls(seal);
    await expect(held.hold(call())).rejects.toThrow('keychain locked');
    await expect(held.hold(call())).resolves.toMatch(/^v1\./);
  });
});
