/**
 * Calls the control API of a running gateway over loopback HTTP (for the CLI).
 */
import {
  controlMethods,
  type ControlArgs,
  type ControlMethod,
  type ControlResponse,
  type ControlResult,
} from '../../contracts/control-api.js';
import { GatehouseError, describeError } from '../errors.js';

/** A control call the engine refused, with the engine's error code. */
export class ControlCallError extends Error {
  override readonly name = 'ControlCallError';

  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** A typed client for one gateway's control API. */
export class ControlClient {
  constructor(
    private readonly gatewayUrl: URL,
    private readonly adminToken: string,
  ) {}

  /**
   * Calls a method and returns its validated result.
   * @throws GatehouseError with the engine's code and message, or `gateway_unreachable`.
   */
  async call<M extends ControlMethod>(method: M, args: ControlArgs<M>): Promise<ControlResult<M>> {
    const url = new URL(`/control/${method}`, this.gatewayUrl);
    let response: Response;
    try {
      response = await fetch(url, {
        method: 'POST',
        headers: { authorization: `Bearer ${this.adminToken}`, 'content-type': 'application/json' },
        body: JSON.stringify(args),
      });
    } catch (error: unknown) {
      throw new GatehouseError(
        'gateway_unreachable',
        `Gatehouse at ${url.origin} did not answer (${describeError(error)}). Is it running?`,
      );
    }
    const body = (await response.json().catch(() => undefined)) as ControlResponse<unknown> | undefined;
    if (!body)
      throw new GatehouseError(
        'gateway_unreachable',
        `Gatehouse at ${url.origin} sent an unreadable answer (HTTP ${response.status}).`,
      );
    if (!body.ok) throw new ControlCallError(body.error.code, body.error.message);
    return controlMethods[method].result.parse(body.value) as ControlResult<M>;
  }
}
