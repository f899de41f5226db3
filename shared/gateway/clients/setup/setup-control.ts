/**
 * The control API's client-setup methods, over the engine's ClientSetup.
 */
import type { Gateway } from '../../gateway.js';
import type { ControlHandlers } from '../../control/control-service.js';
import type { setupControlMethods } from '../../../contracts/control-api-setup.js';

export function createSetupHandlers(
  _gateway: Gateway,
): Pick<ControlHandlers, keyof typeof setupControlMethods> {
  return {};
}
