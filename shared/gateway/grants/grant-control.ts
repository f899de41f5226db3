/**
 * The control methods for grants (listing, revoking) and for signing in from the window.
 */
import type { grantControlMethods } from '../../contracts/control-api-grants.js';
import type { signInControlMethods } from '../../contracts/control-api-sign-in.js';
import type { ControlHandlers } from '../control/control-service.js';
import type { Gateway } from '../gateway.js';

/** Binds the grant and sign-in methods to a running gateway. */
export function createGrantAndSignInHandlers(
  gateway: Pick<Gateway, 'grants' | 'signIns'>,
): Pick<ControlHandlers, keyof typeof grantControlMethods | keyof typeof signInControlMethods> {
  return {
    'grants.list': async () => gateway.grants.list(),
    'grants.revoke': async ({ id }) => ({ id, revoked: gateway.grants.revoke(id) }),
    'servers.signIn': async ({ name }) => gateway.signIns.start(name),
    'servers.signOut': async ({ name }) => {
      const outcome = await gateway.signIns.signOut(name);
      return { removed: outcome.removed, revocation: outcome.revocation.kind, message: outcome.message };
    },
  };
}
