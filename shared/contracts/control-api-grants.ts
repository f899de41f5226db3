/**
 * Control methods for grants: every grant in force, and revoking one.
 */
import { z } from 'zod';
import { GrantSchema } from './grants.js';

export const grantControlMethods = {
  /** Every grant in force, soonest to end first. */
  'grants.list': { args: z.strictObject({}), result: z.array(GrantSchema) },
  /** Ends a grant at once: the next call it covered is asked about again. */
  'grants.revoke': {
    args: z.strictObject({ id: z.string().min(1) }),
    result: z.object({ id: z.string(), revoked: z.boolean() }),
  },
} as const;
