/**
 * Secrets by name: how config entries refer to them and what the UI may know about them.
 * Values never appear here; only names and whether a value is stored.
 */
import { z } from 'zod';

/**
 * Secret names double as keychain account names and environment variable names, so they stay
 * plain identifiers: no paths, quotes, spaces or look-alike characters can reach the keychain.
 */
export const SECRET_NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_]{0,127}$/;

/** The sentence shown when a name does not fit SECRET_NAME_PATTERN. */
export const SECRET_NAME_RULE =
  'secret names use letters, digits and "_", start with a letter or "_", at most 128';

export const SecretNameSchema = z.string().regex(SECRET_NAME_PATTERN, SECRET_NAME_RULE);

/**
 * `${secret:NAME}` takes NAME from the keychain; `${env:NAME}` from Gatehouse's environment, for
 * headless machines without one. Either may sit inside a longer string (`Bearer ${secret:TOKEN}`).
 */
export const SECRET_REFERENCE_PATTERN = /\$\{(secret|env):([A-Za-z_][A-Za-z0-9_]{0,127})\}/g;

/** Where a referenced value comes from. */
export type SecretSource = 'secret' | 'env';

/** One secret name as the UI and the CLI list it. */
export const SecretEntrySchema = z.object({
  name: z.string(),
  /** Whether the keychain holds a value for it. */
  stored: z.boolean(),
  /** The servers whose config refers to it. */
  usedBy: z.array(z.string()),
});

export type SecretEntry = z.infer<typeof SecretEntrySchema>;
