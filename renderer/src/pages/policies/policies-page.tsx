/**
 * The policy set as JSON: edit, validate, try against recent history, save; plus the rules in
 * order, with buttons to reorder them.
 */
import { useEffect, useId, useState } from 'react';
import type { ControlEvent } from '../../../../shared/contracts/control-events.js';
import type { DryRunReport } from '../../../../shared/contracts/policy.js';
import { PageHeader } from '../../components/page-header.js';
import { ErrorNotice, Loading, SuccessNotice } from '../../components/status.js';
import { useAction } from '../../state/use-action.js';
import { useControlQuery } from '../../state/use-control-query.js';
import { useTransport } from '../../state/transport-context.js';
import { DryRunReportView } from './dry-run-report.js';
import { formatPolicy, moveRule, parseJson, policyFromText } from './policy-draft.js';
import { RuleOrder } from './rule-order.js';

const affectsPolicy = (event: ControlEvent): boolean =>
  event.type === 'config.changed' && event.area === 'policy';

/** What the last check said, shown under the editor. */
type Verdict = { kind: 'problems'; problems: string[] } | { kind: 'ok'; message: string };

/** The Policies page: JSON editor, validation, dry run, save, and rule order. */
export function PoliciesPage() {
  const transport = useTransport();
  const saved = useControlQuery('policy.get', {}, affectsPolicy);
  const action = useAction();
  const [baseline, setBaseline] = useState<string | undefined>(undefined);
  const [draft, setDraft] = useState('');
  const [verdict, setVerdict] = useState<Verdict | undefined>(undefined);
  const [report, setReport] = useState<DryRunReport | undefined>(undefined);
  const [lastText, setLastText] = useState('500');
  const ids = { editor: useId(), last: useId() };

  const savedText = saved.data ? formatPolicy(saved.data) : undefined;
  const dirty = baseline !== undefined && draft !== baseline;
  // Follow the saved policy while there are no edits; with edits, offer it instead (see below).
  useEffect(() => {
    if (savedText === undefined || dirty) return;
    setBaseline(savedText);
    setDraft(savedText);
  }, [savedText, dirty]);
  const changedElsewhere = dirty && savedText !== undefined && savedText !== baseline;

  const edit = (text: string): void => {
    setDraft(text);
    setVerdict(undefined);
  };
  const checked = policyFromText(draft);
  const last = Number(lastText);
  const lastValid = Number.isInteger(last) && last >= 1 && last <= 100_000;

  const validate = (): void =>
    void action.run(async () => {
      const json = parseJson(draft);
      if (json.error !== undefined) return setVerdict({ kind: 'problems', problems: [json.error] });
      const result = await transport.call('policy.validate', { policies: json.value });
      setVerdict(
        result.ok && result.problems.length === 0
          ? { kind: 'ok', message: 'No problems found.' }
          : { kind: 'problems', problems: result.problems },
      );
    });

  const dryRun = (): void =>
    void action.run(async () => {
      setReport(undefined);
      if (!checked.policies) return setVerdict({ kind: 'problems', problems: checked.problems });
      setReport(await transport.call('policy.dryRun', { policies: checked.policies, last }));
    });

  const save = (): void =>
    void action.run(async () => {
      if (!checked.policies) return setVerdict({ kind: 'problems', problems: checked.problems });
      const result = await transport.call('policy.set', { policies: checked.policies });
      const text = formatPolicy(result);
      setBaseline(text);
      setDraft(text);
      saved.replace(result);
      const count = result.rules.length;
      setVerdict({
        kind: 'ok',
        message: `Saved. ${count} ${count === 1 ? 'rule applies' : 'rules apply'} now.`,
      });
    });

  const revert = (): void => {
    if (savedText === undefined) return;
    setBaseline(savedText);
    edit(savedText);
  };

  return (
    <>
      <PageHeader
        title="Policies"
        description="Rules that decide every tool call: allow, deny, ask you (approve) or allow and flag (log). The first rule that matches decides."
      />
      {saved.error && <ErrorNotice message={saved.error} onRetry={saved.refresh} />}
      {baseline === undefined ? (
        saved.loading && <Loading label="Loading policies…" />
      ) : (
        <>
          {changedElsewhere && (
            <div className="notice notice-error" role="alert">
              <p>The saved policy changed while you were editing.</p>
              <button type="button" onClick={revert}>
                Discard my edits and load it
              </button>
            </div>
          )}
          <section aria-labelledby="rule-order-heading">
            <h2 id="rule-order-heading">Rules in order</h2>
            {checked.policies ? (
              <RuleOrder
                policies={checked.policies}
                disabled={action.busy}
                onReorder={(index, delta) => edit(formatPolicy(moveRule(checked.policies, index, delta)))}
              />
            ) : (
              <p className="muted">Fix the draft below to see its rules.</p>
            )}
          </section>
          <section>
            <div className="field">
              <label htmlFor={ids.editor}>Policy (JSON){dirty && ' — edited, not saved'}</label>
              <textarea
                id={ids.editor}
                className="code"
                spellCheck={false}
                value={draft}
                onChange={(event) => edit(event.target.value)}
              />
            </div>
            <div className="row">
              <button type="button" disabled={action.busy} onClick={validate}>
                Validate
              </button>
              <button type="button" disabled={action.busy || !lastValid} onClick={dryRun}>
                Dry run
              </button>
              <label htmlFor={ids.last}>against the last</label>
              <input
                id={ids.last}
                className="minutes"
                type="number"
                min={1}
                max={100_000}
                value={lastText}
                aria-invalid={!lastValid}
                onChange={(event) => setLastText(event.target.value)}
              />
              <span>calls</span>
              <button type="button" className="primary" disabled={action.busy || !dirty} onClick={save}>
                Save
              </button>
              <button type="button" disabled={action.busy || !dirty} onClick={revert}>
                Revert
              </button>
            </div>
            {action.error && <ErrorNotice message={action.error} />}
            {verdict?.kind === 'ok' && <SuccessNotice>{verdict.message}</SuccessNotice>}
            {verdict?.kind === 'problems' && (
              <div className="notice notice-error" role="alert">
                <div>
                  <p>
                    {verdict.problems.length === 1 ? 'One problem:' : `${verdict.problems.length} problems:`}
                  </p>
                  <ul className="problems">
                    {verdict.problems.map((problem) => (
                      <li key={problem}>{problem}</li>
                    ))}
                  </ul>
                </div>
              </div>
            )}
          </section>
          {report && <DryRunReportView report={report} />}
        </>
      )}
    </>
  );
}
