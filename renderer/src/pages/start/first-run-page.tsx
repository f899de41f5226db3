/**
 * "Get started": the guided first run, in the window. Three steps, each its own address so it
 * can be skipped and come back to later: the apps found and the servers they already have
 * (import them, credentials into the keychain), connecting the apps to Gatehouse (each change
 * previewed, backed up, undoable), and the first call arriving live.
 */
import { useCallback, useEffect, useState, useSyncExternalStore } from 'react';
import type { SetupClientKind } from '../../../../shared/contracts/client-setup.js';
import { PageHeader } from '../../components/page-header.js';
import { AppsStep } from './apps-step.js';
import { ConnectStep } from './connect-step.js';
import { LiveStep } from './live-step.js';

/** The steps, in order, with the fragment each lives at. */
export const FIRST_RUN_STEPS = [
  { step: 'apps', label: 'Bring in your servers' },
  { step: 'connect', label: 'Connect your apps' },
  { step: 'live', label: 'Watch it work' },
] as const;

/** One step of the guide. */
export type FirstRunStep = (typeof FIRST_RUN_STEPS)[number]['step'];

/** How many changes the guide made to each app's file, so "undo" can take back exactly those. */
export type GuideChanges = Partial<Record<SetupClientKind, number>>;

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

/** The step `#/start/<step>` names; the first one otherwise. */
function currentStep(hash: string): FirstRunStep {
  const name = hash.replace(/^#\/?/, '').split('/')[1] ?? '';
  return FIRST_RUN_STEPS.find((entry) => entry.step === name)?.step ?? 'apps';
}

const CHANGES_KEY = 'gatehouse.first-run.changes';

/** The guide's changes remembered in this window's session (names and counts, nothing secret). */
function storedChanges(): GuideChanges {
  try {
    const value: unknown = JSON.parse(sessionStorage.getItem(CHANGES_KEY) ?? '{}');
    if (typeof value !== 'object' || value === null) return {};
    return Object.fromEntries(
      Object.entries(value).filter(([, count]) => Number.isInteger(count) && (count as number) > 0),
    ) as GuideChanges;
  } catch {
    return {};
  }
}

/** The address of a step. */
export function stepHref(step: FirstRunStep): string {
  return `#/start/${step}`;
}

/** The guided first run. */
export function FirstRunPage() {
  const step = currentStep(useSyncExternalStore(subscribe, () => window.location.hash));
  const [changes, setChanges] = useState<GuideChanges>(storedChanges);
  // Kept for the window's session, so leaving the guide and coming back still offers the undo.
  useEffect(() => sessionStorage.setItem(CHANGES_KEY, JSON.stringify(changes)), [changes]);
  const recordChange = useCallback((kind: SetupClientKind) => {
    setChanges((previous) => ({ ...previous, [kind]: (previous[kind] ?? 0) + 1 }));
  }, []);
  const goTo = useCallback((next: FirstRunStep) => {
    window.location.hash = stepHref(next);
  }, []);

  return (
    <>
      <PageHeader
        title="Get started"
        description="Gatehouse finds your AI apps, takes over the servers they use, and connects them to itself. Every step shows what it will change first, and can be skipped and done later."
      />
      <nav aria-label="Steps">
        <ol className="steps">
          {FIRST_RUN_STEPS.map((entry, at) => (
            <li key={entry.step}>
              <a href={stepHref(entry.step)} aria-current={entry.step === step ? 'step' : undefined}>
                {at + 1}. {entry.label}
              </a>
            </li>
          ))}
        </ol>
      </nav>
      {step === 'apps' && <AppsStep onChanged={recordChange} onNext={() => goTo('connect')} />}
      {step === 'connect' && <ConnectStep onChanged={recordChange} onNext={() => goTo('live')} />}
      {step === 'live' && <LiveStep changes={changes} onUndone={() => setChanges({})} />}
    </>
  );
}
