/**
 * What "Allow for a while" will cover, chosen before it is given: per argument, any value, exactly
 * this value, or (for a path) anything inside a folder. The engine checks folders strictly (no
 * `..`, whole folder names, links resolved); the engine's grants module (path-prefix.ts) says how.
 */
import { useId } from 'react';
import type { PendingApproval } from '../../../../shared/contracts/approvals.js';
import type { GrantCondition } from '../../../../shared/contracts/grants.js';

/** How one argument is narrowed. */
export type ArgumentChoice =
  | { readonly kind: 'any' }
  | { readonly kind: 'exact' }
  | { readonly kind: 'inside'; readonly folder: string };

/** Each narrowable argument's choice, by name. */
export type ScopeChoices = Readonly<Record<string, ArgumentChoice>>;

const ABSOLUTE_PATH = /^(\/|[A-Za-z]:[\\/])/;

/** The arguments a grant can be narrowed by: the top-level ones with a plain value. */
export function narrowableArguments(approval: PendingApproval): [string, unknown][] {
  const args = approval.arguments;
  if (!args || typeof args !== 'object' || Array.isArray(args)) return [];
  return Object.entries(args).filter(
    ([, value]) => ['string', 'number', 'boolean'].includes(typeof value) || isPathList(value),
  );
}

function isPathList(value: unknown): value is string[] {
  return (
    Array.isArray(value) &&
    value.length > 0 &&
    value.every((item) => typeof item === 'string' && ABSOLUTE_PATH.test(item))
  );
}

/** The folder holding a path: the default for "inside folder". */
export function parentFolder(path: string): string {
  const trimmed = path.replace(/[\\/]+$/, '');
  const cut = Math.max(trimmed.lastIndexOf('/'), trimmed.lastIndexOf('\\'));
  if (cut <= 0) return trimmed.slice(0, 1) || '/';
  // Keep the drive's separator: C:\ rather than C:
  return /^[A-Za-z]:$/.test(trimmed.slice(0, cut)) ? trimmed.slice(0, cut + 1) : trimmed.slice(0, cut);
}

/** The grant's conditions for these choices. */
export function conditionsFrom(approval: PendingApproval, choices: ScopeChoices): GrantCondition[] {
  const values = new Map(narrowableArguments(approval));
  const conditions: GrantCondition[] = [];
  for (const [argument, choice] of Object.entries(choices)) {
    if (!values.has(argument)) continue;
    if (choice.kind === 'exact')
      conditions.push({ kind: 'exact', argument, value: values.get(argument) as never });
    if (choice.kind === 'inside')
      conditions.push({ kind: 'path-prefix', argument, prefix: choice.folder.trim() });
  }
  return conditions;
}

/** The narrowing controls, one row per narrowable argument. */
export function GrantScope({
  approval,
  choices,
  onChange,
}: {
  approval: PendingApproval;
  choices: ScopeChoices;
  onChange: (choices: ScopeChoices) => void;
}) {
  const baseId = useId();
  const narrowable = narrowableArguments(approval);
  if (narrowable.length === 0) return null;
  return (
    <fieldset className="grant-scope">
      <legend>Narrow “Allow for” to calls where…</legend>
      {narrowable.map(([argument, value], index) => {
        const choice = choices[argument] ?? { kind: 'any' };
        const looksLikePath = (typeof value === 'string' && ABSOLUTE_PATH.test(value)) || isPathList(value);
        const firstPath = typeof value === 'string' ? value : (value as string[])[0]!;
        const selectId = `${baseId}-${index}`;
        return (
          <div className="grant-scope-row" key={argument}>
            <label htmlFor={selectId}>
              <code>{argument}</code>
            </label>
            <select
              id={selectId}
              value={choice.kind}
              onChange={(event) => {
                const kind = event.target.value;
                const next: ArgumentChoice =
                  kind === 'inside'
                    ? { kind: 'inside', folder: parentFolder(firstPath) }
                    : kind === 'exact'
                      ? { kind: 'exact' }
                      : { kind: 'any' };
                onChange({ ...choices, [argument]: next });
              }}
            >
              <option value="any">is anything</option>
              {!Array.isArray(value) && <option value="exact">is exactly {JSON.stringify(value)}</option>}
              {looksLikePath && <option value="inside">is inside the folder…</option>}
            </select>
            {choice.kind === 'inside' && (
              <input
                aria-label={`Folder for ${argument}`}
                spellCheck={false}
                value={choice.folder}
                onChange={(event) =>
                  onChange({ ...choices, [argument]: { kind: 'inside', folder: event.target.value } })
                }
              />
            )}
          </div>
        );
      })}
    </fieldset>
  );
}
