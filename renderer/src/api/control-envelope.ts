/**
 * Turns a transport's `{ ok, value | error }` answer into a checked result or a ControlError.
 * Results are validated even from our own engine: a UI newer or older than the gateway should say
 * so plainly instead of rendering half-understood data.
 */
import { z } from 'zod';
import {
  controlMethods,
  type ControlMethod,
  type ControlResult,
} from '../../../shared/contracts/control-api.js';
import { ControlError } from './control-error.js';

const EnvelopeSchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), value: z.unknown() }),
  z.object({ ok: z.literal(false), error: z.object({ code: z.string(), message: z.string() }) }),
]);

/** The result inside an envelope, validated against the method's result schema. */
export function openEnvelope<M extends ControlMethod>(method: M, envelope: unknown): ControlResult<M> {
  const parsed = EnvelopeSchema.safeParse(envelope);
  if (!parsed.success) {
    throw new ControlError('bad_response', `The gateway's answer to ${method} could not be read.`);
  }
  if (!parsed.data.ok) throw new ControlError(parsed.data.error.code, parsed.data.error.message);
  const result = controlMethods[method].result.safeParse(parsed.data.value);
  if (!result.success) {
    throw new ControlError(
      'bad_response',
      `The gateway answered ${method} with data this window does not understand. ` +
        'The UI and the gateway may be different versions: reload the page.',
    );
  }
  return result.data as ControlResult<M>;
}
