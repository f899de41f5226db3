/**
 * The settings form's fields: their labels and hints, and the conversion between the form's text
 * boxes and a settings change.
 */
import { SettingsSchema, type Settings } from '../../../../shared/contracts/config.js';

/** The numeric settings the form edits. */
export type NumberField =
  | 'port'
  | 'maxRequestBytes'
  | 'upstreamRequestTimeoutMs'
  | 'auditMaxAgeDays'
  | 'auditMaxRecords'
  | 'auditBacklogRecords'
  | 'auditBacklogMB';

/** How the form shows one numeric setting. */
export interface FieldSpec {
  readonly key: NumberField;
  readonly label: string;
  readonly hint: string;
  /** Optional fields may be empty (no limit). */
  readonly optional: boolean;
}

/** The numeric settings in the order the form shows them. */
export const NUMBER_FIELDS: readonly FieldSpec[] = [
  {
    key: 'port',
    label: 'Port',
    hint: 'Where clients and this page reach Gatehouse. Applies at the next start.',
    optional: false,
  },
  {
    key: 'maxRequestBytes',
    label: 'Largest request (bytes)',
    hint: 'Bigger requests on /mcp are refused. At least 1024.',
    optional: false,
  },
  {
    key: 'upstreamRequestTimeoutMs',
    label: 'Upstream request timeout (ms)',
    hint: 'How long one request to a server may take. At least 1000.',
    optional: false,
  },
  {
    key: 'auditMaxAgeDays',
    label: 'Keep audit records for (days)',
    hint: 'Empty keeps them forever.',
    optional: true,
  },
  {
    key: 'auditMaxRecords',
    label: 'Keep at most (audit records)',
    hint: 'Empty sets no limit. At least 1000.',
    optional: true,
  },
  {
    key: 'auditBacklogRecords',
    label: 'Audit backlog (records)',
    hint: 'The most records held in memory while the audit trail cannot be written. At least 100. Applies at the next start.',
    optional: false,
  },
  {
    key: 'auditBacklogMB',
    label: 'Audit backlog (MB)',
    hint: 'The most memory those records may take. Applies at the next start.',
    optional: false,
  },
];

/** The data-flow guard's numeric settings (`settings.flowGuard`). */
export type FlowField = 'minMatchLength' | 'memoryMB' | 'memoryMinutes';

/** How the form shows one of the guard's settings; problems are keyed `flowGuard.<key>`. */
export interface FlowFieldSpec {
  readonly key: FlowField;
  readonly label: string;
  readonly hint: string;
}

/** The guard's numeric settings in the order the form shows them. */
export const FLOW_FIELDS: readonly FlowFieldSpec[] = [
  {
    key: 'minMatchLength',
    label: 'Shortest copied text that counts (characters)',
    hint: 'Shorter runs never match, so IDs and names pass freely. 32 to 4096; whitespace is not counted.',
  },
  {
    key: 'memoryMB',
    label: 'Result text remembered per client (MB)',
    hint: 'The oldest is forgotten first. Fingerprints take about 0.7 MB per MB.',
  },
  {
    key: 'memoryMinutes',
    label: 'Remember results for (minutes)',
    hint: 'Older results are forgotten whatever the size.',
  },
];

/** The form's contents: every field as typed. */
export interface SettingsForm {
  readonly namespacing: string;
  readonly host: string;
  readonly auditFailure: string;
  readonly numbers: Readonly<Record<NumberField, string>>;
  readonly flowEnabled: boolean;
  readonly flow: Readonly<Record<FlowField, string>>;
}

/** The form filled in from saved settings. */
export function formFromSettings(settings: Settings): SettingsForm {
  const text = (value: number | undefined): string => (value === undefined ? '' : String(value));
  return {
    namespacing: settings.namespacing,
    host: settings.host,
    auditFailure: settings.auditFailure,
    numbers: {
      port: text(settings.port),
      maxRequestBytes: text(settings.maxRequestBytes),
      upstreamRequestTimeoutMs: text(settings.upstreamRequestTimeoutMs),
      auditMaxAgeDays: text(settings.auditMaxAgeDays),
      auditMaxRecords: text(settings.auditMaxRecords),
      auditBacklogRecords: text(settings.auditBacklogRecords),
      auditBacklogMB: text(settings.auditBacklogMB),
    },
    flowEnabled: settings.flowGuard.enabled,
    flow: {
      minMatchLength: text(settings.flowGuard.minMatchLength),
      memoryMB: text(settings.flowGuard.memoryMB),
      memoryMinutes: text(settings.flowGuard.memoryMinutes),
    },
  };
}

/** The fields that differ from `current`, checked; or a problem per field that does not fit. */
export function changesFromForm(
  form: SettingsForm,
  current: Settings,
): { changes: Partial<Settings>; problems: Partial<Record<string, string>> } {
  const problems: Partial<Record<string, string>> = {};
  const candidate: Record<string, unknown> = {
    ...current,
    namespacing: form.namespacing,
    host: form.host.trim(),
    auditFailure: form.auditFailure,
  };
  for (const field of NUMBER_FIELDS) {
    const text = form.numbers[field.key].trim();
    if (text === '') {
      if (!field.optional) problems[field.key] = 'Needs a value.';
      else if (current[field.key] !== undefined)
        // settings.update merges a partial change, so a field cannot be removed through it.
        problems[field.key] = 'A limit once set cannot be removed here; set a larger value instead.';
      delete candidate[field.key];
      continue;
    }
    const value = Number(text);
    if (!Number.isInteger(value)) problems[field.key] = 'Must be a whole number.';
    else candidate[field.key] = value;
  }
  const flowGuard: Record<string, unknown> = { ...current.flowGuard, enabled: form.flowEnabled };
  for (const field of FLOW_FIELDS) {
    const value = Number(form.flow[field.key].trim());
    if (form.flow[field.key].trim() === '') problems[`flowGuard.${field.key}`] = 'Needs a value.';
    else if (!Number.isInteger(value)) problems[`flowGuard.${field.key}`] = 'Must be a whole number.';
    else flowGuard[field.key] = value;
  }
  candidate.flowGuard = flowGuard;
  const parsed = SettingsSchema.safeParse(candidate);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const key =
        issue.path[0] === 'flowGuard' && issue.path.length > 1
          ? `flowGuard.${String(issue.path[1])}`
          : String(issue.path[0] ?? 'settings');
      problems[key] ??= `${issue.message}.`;
    }
  }
  if (Object.keys(problems).length > 0 || !parsed.success) return { changes: {}, problems };
  const changes: Partial<Settings> = {};
  const changed = changes as Record<string, unknown>;
  for (const [key, value] of Object.entries(parsed.data)) {
    // Nested settings (flowGuard) come back from parsing as new objects: compare their contents.
    if (JSON.stringify(value) !== JSON.stringify(current[key])) changed[key] = value;
  }
  return { changes, problems };
}
