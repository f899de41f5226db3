/**
 * A secret set in the real keychain (GNOME Keyring through keytar) and resolved by Gatehouse for
 * an upstream: an agent that learned it and sends it out plain, base64, hex or URL-encoded is
 * refused each time, with a refusal that names the argument and the secret but not its value.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KeytarSecretStore } from '../../shared/gateway/secrets/keytar-secret-store.js';
import {
  play,
  scenarios,
  SECRET_NAME,
  startScenarioWorld,
  type ScenarioWorld,
} from '../integration/flow-scenarios.js';
import { isolatedKeychainService, requireKeychain } from './keychain-session.js';

const store = new KeytarSecretStore({ service: isolatedKeychainService() });
// Random each run, with characters that every encoding writes differently.
const SECRET = `kc_${randomBytes(18).toString('base64')}+/?&=`;
let world: ScenarioWorld;

beforeAll(async () => {
  await requireKeychain(store);
  world = await startScenarioWorld(store, SECRET);
}, 90_000);

afterAll(async () => {
  await world?.stop();
  await store.delete(SECRET_NAME).catch(() => false);
});

describe('a keychain secret leaving in a tool call', () => {
  for (const scenario of scenarios().filter((s) => s.name.startsWith('a keychain secret'))) {
    it(scenario.name, async () => {
      const played = await play(world, scenario);
      const expected = scenario.expect;
      if (!expected.stopped) throw new Error('a secret scenario must expect a stop');
      expect(played.isError).toBe(true);
      expect(played.record).toMatchObject({ decision: 'deny', ruleId: 'deny-secret-in-arguments' });
      expect(played.record.flows?.[0]?.source).toEqual(expected.source);
      expect(played.text).toContain(`holds the secret ${SECRET_NAME}`);
      expect(played.text).not.toContain(SECRET);
      // The audit keeps the provenance, not the value in any form.
      expect(JSON.stringify(played.record)).not.toContain(SECRET);
      expect(JSON.parse(played.record.arguments!)).toMatchObject({ url: '[redacted]' });
    });
  }
});
