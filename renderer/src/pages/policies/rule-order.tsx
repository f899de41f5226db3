/**
 * The rules in the order they are checked (the first that matches decides), with buttons to move
 * one up or down. Moving edits the draft; nothing is saved until Save.
 */
import { useEffect, useRef, useState } from 'react';
import type { PolicySet } from '../../../../shared/contracts/policy.js';

/** The ordered rule list with up/down buttons that keep keyboard focus on the moved rule. */
export function RuleOrder({
  policies,
  onReorder,
  disabled,
}: {
  policies: PolicySet;
  onReorder: (index: number, delta: -1 | 1) => void;
  disabled: boolean;
}) {
  const buttons = useRef(new Map<string, HTMLButtonElement>());
  const [refocus, setRefocus] = useState<{ id: string; delta: -1 | 1 } | undefined>(undefined);

  // Moving a row can take focus away with it; put it back on the moved rule's button (or its
  // other button once it reached an end), so a keyboard user can keep pressing.
  useEffect(() => {
    if (!refocus) return;
    const same = buttons.current.get(`${refocus.id}:${refocus.delta}`);
    const other = buttons.current.get(`${refocus.id}:${-refocus.delta}`);
    (same && !same.disabled ? same : other)?.focus();
    setRefocus(undefined);
  }, [refocus, policies]);

  if (policies.rules.length === 0) {
    return <p className="muted">No rules: every call gets the default action ({policies.defaultAction}).</p>;
  }
  const last = policies.rules.length - 1;
  return (
    <>
      <ol className="rule-list" aria-label="Rules in order">
        {policies.rules.map((rule, index) => (
          <li key={rule.id}>
            <span>
              <code>{rule.id}</code> <span className="badge">{rule.action}</span>
              {rule.enabled === false && <span className="badge"> off</span>}
              {rule.description && <span className="muted"> {rule.description}</span>}
            </span>
            <span className="cell-actions">
              {([-1, 1] as const).map((delta) => (
                <button
                  key={delta}
                  type="button"
                  ref={(element) => {
                    const key = `${rule.id}:${delta}`;
                    if (element) buttons.current.set(key, element);
                    else buttons.current.delete(key);
                  }}
                  aria-label={`Move ${rule.id} ${delta < 0 ? 'up' : 'down'}`}
                  disabled={disabled || (delta < 0 ? index === 0 : index === last)}
                  onClick={() => {
                    onReorder(index, delta);
                    setRefocus({ id: rule.id, delta });
                  }}
                >
                  {delta < 0 ? '↑ Up' : '↓ Down'}
                </button>
              ))}
            </span>
          </li>
        ))}
      </ol>
      <p className="muted">Otherwise: {policies.defaultAction}.</p>
    </>
  );
}
