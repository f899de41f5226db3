/**
 * The audit's flow search: records whose call carried text from elsewhere, by kind of source.
 */
import { DataClassSchema } from '../../contracts/flow.js';
import { GatehouseError } from '../errors.js';

/** A parsed `flow` filter. */
export type FlowFilter =
  | { readonly kind: 'any' }
  | { readonly kind: 'secret' }
  | { readonly kind: 'data-class'; readonly dataClass: string }
  | { readonly kind: 'server'; readonly server: string };

/**
 * `any`, `secret`, a data class (`private`, `untrusted`, `public`) or `server:<name>`.
 * @throws GatehouseError `audit_invalid` for anything else.
 */
export function parseFlowFilter(text: string): FlowFilter {
  if (text === 'any') return { kind: 'any' };
  if (text === 'secret') return { kind: 'secret' };
  if (DataClassSchema.safeParse(text).success) return { kind: 'data-class', dataClass: text };
  if (text.startsWith('server:') && text.length > 'server:'.length)
    return { kind: 'server', server: text.slice('server:'.length) };
  throw new GatehouseError(
    'audit_invalid',
    `The audit query's "flow" must be any, secret, private, untrusted, public or server:<name>, not "${text}".`,
  );
}

/** The SQL condition for a flow filter (the partial index on `flows` serves `IS NOT NULL`). */
export function flowClause(filter: FlowFilter): { sql: string; params: unknown[] } {
  const some = (test: string, value: string) => ({
    sql: `r.flows IS NOT NULL AND EXISTS (SELECT 1 FROM json_each(r.flows) WHERE ${test})`,
    params: [value],
  });
  switch (filter.kind) {
    case 'any':
      return { sql: 'r.flows IS NOT NULL', params: [] };
    case 'secret':
      return some("json_extract(value, '$.source.kind') = ?", 'secret');
    case 'data-class':
      return some("json_extract(value, '$.source.dataClass') = ?", filter.dataClass);
    case 'server':
      return some("json_extract(value, '$.source.server') = ?", filter.server);
  }
}
