/**
 * Gateway-wide settings: tool naming, where it listens, limits, and how long audit records stay.
 */
import { useEffect, useId, useState, type FormEvent } from 'react';
import type { ControlEvent } from '../../../../shared/contracts/control-events.js';
import { PageHeader } from '../../components/page-header.js';
import { ErrorNotice, Loading, SuccessNotice } from '../../components/status.js';
import { useAction } from '../../state/use-action.js';
import { useControlQuery } from '../../state/use-control-query.js';
import { useTransport } from '../../state/transport-context.js';
import {
  changesFromForm,
  FLOW_FIELDS,
  formFromSettings,
  NUMBER_FIELDS,
  type SettingsForm,
} from './settings-fields.js';

const affectsSettings = (event: ControlEvent): boolean =>
  event.type === 'config.changed' && event.area === 'settings';

/** The Settings page: one form, saved with settings.update. */
export function SettingsPage() {
  const transport = useTransport();
  const settings = useControlQuery('settings.get', {}, affectsSettings);
  const action = useAction();
  const [form, setForm] = useState<SettingsForm | undefined>(undefined);
  const [edited, setEdited] = useState(false);
  const [problems, setProblems] = useState<Partial<Record<string, string>>>({});
  const [outcome, setOutcome] = useState<string | undefined>(undefined);
  const id = useId();

  // Show the saved settings until the person starts typing.
  useEffect(() => {
    if (settings.data && !edited) setForm(formFromSettings(settings.data));
  }, [settings.data, edited]);

  const change = (patch: Partial<SettingsForm>): void => {
    setForm((current) => (current ? { ...current, ...patch } : current));
    setEdited(true);
    setOutcome(undefined);
  };

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    if (!form || !settings.data) return;
    const { changes, problems: found } = changesFromForm(form, settings.data);
    setProblems(found);
    if (Object.keys(found).length > 0) return;
    if (Object.keys(changes).length === 0) {
      setEdited(false);
      return setOutcome('Nothing to save: no setting changed.');
    }
    const result = await action.run(() => transport.call('settings.update', { settings: changes }));
    if (!result) return;
    settings.replace(result.settings);
    setEdited(false);
    setOutcome(
      result.restartNeeded
        ? 'Saved. Restart Gatehouse for the new host or port to take effect.'
        : 'Saved. The new settings apply now.',
    );
  };

  const errorFor = (key: string): { 'aria-invalid': boolean; 'aria-describedby': string } => ({
    'aria-invalid': problems[key] !== undefined,
    'aria-describedby': `${id}-${key}-hint`,
  });
  const hint = (key: string, text: string) => (
    <span id={`${id}-${key}-hint`} className={problems[key] ? 'field-error' : 'field-hint'}>
      {problems[key] ?? text}
    </span>
  );

  return (
    <>
      <PageHeader title="Settings" description="Stored in config.json in Gatehouse's data folder." />
      {settings.error && <ErrorNotice message={settings.error} onRetry={settings.refresh} />}
      {!form ? (
        settings.loading && <Loading label="Loading settings…" />
      ) : (
        <form className="card" aria-label="Settings" onSubmit={(event) => void submit(event)} noValidate>
          <div className="field">
            <label htmlFor={`${id}-namespacing`}>Tool names</label>
            <select
              id={`${id}-namespacing`}
              value={form.namespacing}
              {...errorFor('namespacing')}
              onChange={(event) => change({ namespacing: event.target.value })}
            >
              <option value="always">Always prefixed with the server (github__create_issue)</option>
              <option value="on-collision">Prefixed only when two servers share a name</option>
            </select>
            {hint('namespacing', 'Changing this renames tools for every client.')}
          </div>
          <div className="field">
            <label htmlFor={`${id}-host`}>Host</label>
            <input
              id={`${id}-host`}
              type="text"
              spellCheck={false}
              value={form.host}
              {...errorFor('host')}
              onChange={(event) => change({ host: event.target.value })}
            />
            {hint(
              'host',
              'The address Gatehouse listens on. Keep 127.0.0.1 unless you know why. Applies at the next start.',
            )}
          </div>
          <div className="field">
            <label htmlFor={`${id}-auditFailure`}>When the audit trail cannot be written</label>
            <select
              id={`${id}-auditFailure`}
              value={form.auditFailure}
              {...errorFor('auditFailure')}
              onChange={(event) => change({ auditFailure: event.target.value })}
            >
              <option value="keep-serving">Keep serving calls, counting records beyond the backlog</option>
              <option value="refuse-calls">Refuse tool calls until it can be written</option>
            </select>
            {hint('auditFailure', 'A full disk, say. Refusing fails closed: no tool call goes unrecorded.')}
          </div>
          {NUMBER_FIELDS.map((field) => (
            <div className="field" key={field.key}>
              <label htmlFor={`${id}-${field.key}`}>{field.label}</label>
              <input
                id={`${id}-${field.key}`}
                type="number"
                inputMode="numeric"
                value={form.numbers[field.key]}
                {...errorFor(field.key)}
                onChange={(event) =>
                  change({ numbers: { ...form.numbers, [field.key]: event.target.value } })
                }
              />
              {hint(field.key, field.hint)}
            </div>
          ))}
          <fieldset>
            <legend>Data-flow guard</legend>
            <div className="field row">
              <input
                id={`${id}-flowEnabled`}
                type="checkbox"
                checked={form.flowEnabled}
                onChange={(event) => change({ flowEnabled: event.target.checked })}
              />
              <label htmlFor={`${id}-flowEnabled`}>
                Follow text from results and secrets into later tool calls
              </label>
            </div>
            {FLOW_FIELDS.map((field) => (
              <div className="field" key={field.key}>
                <label htmlFor={`${id}-flowGuard.${field.key}`}>{field.label}</label>
                <input
                  id={`${id}-flowGuard.${field.key}`}
                  type="number"
                  inputMode="numeric"
                  value={form.flow[field.key]}
                  {...errorFor(`flowGuard.${field.key}`)}
                  onChange={(event) => change({ flow: { ...form.flow, [field.key]: event.target.value } })}
                />
                {hint(`flowGuard.${field.key}`, field.hint)}
              </div>
            ))}
          </fieldset>
          {action.error && <ErrorNotice message={action.error} />}
          {outcome && <SuccessNotice>{outcome}</SuccessNotice>}
          <div className="row">
            <button type="submit" className="primary" disabled={action.busy}>
              {action.busy ? 'Saving…' : 'Save settings'}
            </button>
            <button
              type="button"
              disabled={!edited}
              onClick={() => {
                setEdited(false);
                setProblems({});
                if (settings.data) setForm(formFromSettings(settings.data));
              }}
            >
              Revert
            </button>
          </div>
        </form>
      )}
    </>
  );
}
