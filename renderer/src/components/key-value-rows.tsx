/**
 * Editable name/value rows for a server's environment or HTTP headers. A value the gateway hides
 * (HIDDEN_VALUE) is shown as an empty box saying "unchanged"; it is sent back as HIDDEN_VALUE,
 * which keeps the stored value, unless the person types a new one.
 */
import { useId } from 'react';

/** One name/value pair being edited. */
export interface KeyValueRow {
  /** Stable across edits, for React keys and label ids. */
  readonly id: number;
  readonly key: string;
  readonly value: string;
  /** The stored value is kept secret by the gateway and has not been replaced. */
  readonly hidden: boolean;
}

let nextRowId = 1;

/** A row with a fresh id. */
export function newRow(key = '', value = '', hidden = false): KeyValueRow {
  return { id: nextRowId++, key, value, hidden };
}

/** The rows as a fieldset, with add and remove buttons and a label on every box. */
export function KeyValueRows({
  legend,
  keyLabel,
  rows,
  onChange,
  hint,
}: {
  legend: string;
  keyLabel: string;
  rows: readonly KeyValueRow[];
  onChange: (rows: KeyValueRow[]) => void;
  hint?: string;
}) {
  const prefix = useId();
  const update = (id: number, patch: Partial<KeyValueRow>): void =>
    onChange(rows.map((row) => (row.id === id ? { ...row, ...patch } : row)));
  return (
    <fieldset>
      <legend>{legend}</legend>
      {hint && <p className="field-hint">{hint}</p>}
      {rows.map((row, index) => {
        const keyId = `${prefix}-k${row.id}`;
        const valueId = `${prefix}-v${row.id}`;
        const position = `${legend} ${index + 1}`;
        return (
          <div className="row" key={row.id}>
            <label htmlFor={keyId} className="visually-hidden">
              {`${keyLabel} (${position})`}
            </label>
            <input
              id={keyId}
              type="text"
              placeholder={keyLabel}
              value={row.key}
              onChange={(event) => update(row.id, { key: event.target.value })}
            />
            <label htmlFor={valueId} className="visually-hidden">
              {`Value of ${row.key || position}`}
            </label>
            <input
              id={valueId}
              type="text"
              autoComplete="off"
              spellCheck={false}
              placeholder={row.hidden ? 'unchanged (hidden)' : 'value'}
              value={row.hidden ? '' : row.value}
              onChange={(event) => update(row.id, { value: event.target.value, hidden: false })}
            />
            <button
              type="button"
              aria-label={`Remove ${row.key || position}`}
              onClick={() => onChange(rows.filter((other) => other.id !== row.id))}
            >
              Remove
            </button>
          </div>
        );
      })}
      <button type="button" onClick={() => onChange([...rows, newRow()])}>
        Add {keyLabel.toLowerCase()}
      </button>
    </fieldset>
  );
}
