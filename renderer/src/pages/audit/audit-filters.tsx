/**
 * The audit page's filters: who, which server, how it ended, what policy decided, when, and a
 * full-text search. Applied together when the form is submitted.
 */
import { useId, useState, type FormEvent } from 'react';
import { AuditOutcomeSchema, type AuditQuery } from '../../../../shared/contracts/audit.js';
import { PolicyActionSchema } from '../../../../shared/contracts/policy.js';

/** The filters as the form holds them: every field a string, '' meaning "any". */
interface FilterFields {
  client: string;
  server: string;
  outcome: string;
  decision: string;
  from: string;
  to: string;
  text: string;
  /** The data-flow guard's flows: '', any, secret, a data class, or server:<name>. */
  flow: string;
}

const EMPTY: FilterFields = {
  client: '',
  server: '',
  outcome: '',
  decision: '',
  from: '',
  to: '',
  text: '',
  flow: '',
};

/** The flow filters offered; `server:<name>` is typed into the server box with "from this server". */
const FLOW_CHOICES: readonly (readonly [string, string])[] = [
  ['any', 'Any flow'],
  ['secret', 'A secret'],
  ['private', 'Private data'],
  ['untrusted', 'Untrusted text'],
  ['public', 'Public data'],
];

/** The query the fields describe (no cursor, no limit: paging adds those). */
export function queryFromFields(fields: FilterFields): AuditQuery {
  const outcome = AuditOutcomeSchema.safeParse(fields.outcome);
  const decision = PolicyActionSchema.safeParse(fields.decision);
  const query: AuditQuery = {};
  if (fields.client.trim()) query.client = fields.client.trim();
  if (fields.server.trim()) query.server = fields.server.trim();
  if (outcome.success) query.outcome = outcome.data;
  if (decision.success) query.decision = decision.data;
  const from = isoFromLocal(fields.from);
  const to = isoFromLocal(fields.to);
  if (from) query.from = from;
  if (to) query.to = to;
  const text = fields.text.trim().slice(0, 500);
  if (text) query.text = text;
  if (fields.flow) query.flow = fields.flow;
  return query;
}

/** A datetime-local value (the person's own time zone) as an ISO instant. */
function isoFromLocal(value: string): string | undefined {
  if (!value) return undefined;
  const time = new Date(value);
  return Number.isNaN(time.getTime()) ? undefined : time.toISOString();
}

/** The filter form; hands the query to `onApply` when submitted or cleared. */
export function AuditFilters({ onApply }: { onApply: (query: AuditQuery) => void }) {
  const [fields, setFields] = useState<FilterFields>(EMPTY);
  const id = useId();
  const set = (name: keyof FilterFields) => (event: { target: { value: string } }) =>
    setFields((current) => ({ ...current, [name]: event.target.value }));
  const submit = (event: FormEvent): void => {
    event.preventDefault();
    onApply(queryFromFields(fields));
  };

  return (
    <form className="card" aria-label="Audit filters" onSubmit={submit}>
      <div className="form-grid">
        <div className="field">
          <label htmlFor={`${id}-text`}>Search</label>
          <input
            id={`${id}-text`}
            type="search"
            placeholder="Tool names and arguments"
            maxLength={500}
            value={fields.text}
            onChange={set('text')}
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-client`}>Client</label>
          <input id={`${id}-client`} type="text" value={fields.client} onChange={set('client')} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-server`}>Server</label>
          <input id={`${id}-server`} type="text" value={fields.server} onChange={set('server')} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-outcome`}>Outcome</label>
          <select id={`${id}-outcome`} value={fields.outcome} onChange={set('outcome')}>
            <option value="">Any outcome</option>
            {AuditOutcomeSchema.options.map((option) => (
              <option key={option} value={option}>
                {option.replace('_', ' ')}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-decision`}>Decision</label>
          <select id={`${id}-decision`} value={fields.decision} onChange={set('decision')}>
            <option value="">Any decision</option>
            {PolicyActionSchema.options.map((option) => (
              <option key={option} value={option}>
                {option}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-flow`}>Data flow</label>
          <select id={`${id}-flow`} value={fields.flow} onChange={set('flow')}>
            <option value="">Any call</option>
            {FLOW_CHOICES.map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-from`}>From</label>
          <input id={`${id}-from`} type="datetime-local" value={fields.from} onChange={set('from')} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-to`}>To</label>
          <input id={`${id}-to`} type="datetime-local" value={fields.to} onChange={set('to')} />
        </div>
        <div className="field row">
          <button type="submit" className="primary">
            Apply filters
          </button>
          <button
            type="button"
            onClick={() => {
              setFields(EMPTY);
              onApply({});
            }}
          >
            Clear
          </button>
        </div>
      </div>
    </form>
  );
}
