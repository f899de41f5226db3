/**
 * The server form's working copy, and the conversions between it and a config entry. Keys the
 * form does not edit (another tool's additions, `enabled`) are carried over untouched.
 */
import { HIDDEN_VALUE } from '../../../../shared/contracts/control-api.js';
import type { DataClass } from '../../../../shared/contracts/flow.js';
import {
  RemoteServerConfigSchema,
  SERVER_NAME_PATTERN,
  StdioServerConfigSchema,
  isStdioServer,
  type ServerConfig,
} from '../../../../shared/contracts/config.js';
import { clientSecretName } from '../../../../shared/contracts/oauth-client.js';
import type { NewToolsMode } from '../../../../shared/contracts/tool-integrity.js';
import { newRow, type KeyValueRow } from '../../components/key-value-rows.js';

/** The transport choice for a remote server; "auto" leaves `type` out. */
export type RemoteType = 'auto' | 'streamable-http' | 'sse';

/** The server form as typed. */
export interface ServerDraft {
  readonly name: string;
  readonly kind: 'stdio' | 'remote';
  readonly command: string;
  /** One argument per line. */
  readonly args: string;
  readonly cwd: string;
  readonly env: readonly KeyValueRow[];
  readonly url: string;
  readonly remoteType: RemoteType;
  readonly headers: readonly KeyValueRow[];
  /** Tools the server offers for the first time: usable at once, or held for review. */
  readonly newTools: NewToolsMode;
  /** A client registered by hand with the server's OAuth provider ('' for none). */
  readonly oauthClientId: string;
  /** A new client secret typed now ('' keeps the stored one); it goes to the keychain. */
  readonly oauthClientSecret: string;
  /** The stored secret reference (`${secret:NAME}`), when there is one. */
  readonly oauthSecretRef: string | undefined;
  /** An https URL used as the client ID where the provider supports Client ID Metadata Documents. */
  readonly oauthMetadataUrl: string;
  /** The data-flow guard's label for this server's data; '' follows its tools' risk. */
  readonly dataClass: DataClass | '';
}

const EDITED_KEYS = [
  'type',
  'command',
  'args',
  'env',
  'cwd',
  'url',
  'headers',
  'newTools',
  'oauth',
  'dataClass',
];

/** A blank form for a new local server. */
export function emptyDraft(): ServerDraft {
  return {
    name: '',
    kind: 'stdio',
    command: '',
    args: '',
    cwd: '',
    env: [],
    url: '',
    remoteType: 'auto',
    headers: [],
    newTools: 'available',
    oauthClientId: '',
    oauthClientSecret: '',
    oauthSecretRef: undefined,
    oauthMetadataUrl: '',
    dataClass: '',
  };
}

/** The form filled in from a config entry; hidden values become "unchanged" rows. */
export function draftFromConfig(name: string, config: ServerConfig): ServerDraft {
  if (isStdioServer(config)) {
    return {
      ...emptyDraft(),
      name,
      command: config.command,
      args: (config.args ?? []).join('\n'),
      cwd: config.cwd ?? '',
      env: rowsFrom(config.env),
      newTools: config.newTools ?? 'available',
      dataClass: config.dataClass ?? '',
    };
  }
  return {
    ...emptyDraft(),
    name,
    kind: 'remote',
    url: config.url,
    // Claude Code's "http" and ours "streamable-http" are the same transport.
    remoteType: config.type === 'sse' ? 'sse' : config.type === undefined ? 'auto' : 'streamable-http',
    headers: rowsFrom(config.headers),
    newTools: config.newTools ?? 'available',
    oauthClientId: config.oauth?.clientId ?? '',
    oauthSecretRef: config.oauth?.clientSecret,
    oauthMetadataUrl: config.oauth?.clientMetadataUrl ?? '',
    dataClass: config.dataClass ?? '',
  };
}

function rowsFrom(values: Record<string, string> | undefined): KeyValueRow[] {
  return Object.entries(values ?? {}).map(([key, value]) =>
    value === HIDDEN_VALUE ? newRow(key, '', true) : newRow(key, value),
  );
}

/** The config entry a draft describes, or the problems that keep it from being one. */
export function configFromDraft(
  draft: ServerDraft,
  original: ServerConfig | undefined,
): { config: ServerConfig; problems: [] } | { config?: undefined; problems: string[] } {
  const problems: string[] = [];
  if (!SERVER_NAME_PATTERN.test(draft.name))
    problems.push(
      'Name: use letters, digits, ".", "_" and "-", starting with a letter or digit (at most 64).',
    );

  const kept = Object.fromEntries(
    Object.entries(original ?? {}).filter(([key]) => !EDITED_KEYS.includes(key)),
  );
  const rowsLabel = draft.kind === 'stdio' ? 'Environment' : 'Headers';
  const values = valuesFrom(draft.kind === 'stdio' ? draft.env : draft.headers, rowsLabel, problems);

  const candidate =
    draft.kind === 'stdio'
      ? {
          ...kept,
          ...(original && isStdioServer(original) && original.type === 'stdio' ? { type: 'stdio' } : {}),
          command: draft.command.trim(),
          args: argsFrom(draft.args),
          env: values,
          cwd: draft.cwd.trim() || undefined,
          newTools: reviewSetting(draft),
          dataClass: draft.dataClass || undefined,
        }
      : {
          ...kept,
          type: draft.remoteType === 'auto' ? undefined : draft.remoteType,
          url: draft.url.trim(),
          headers: values,
          newTools: reviewSetting(draft),
          oauth: oauthFrom(draft),
          dataClass: draft.dataClass || undefined,
        };
  const schema = draft.kind === 'stdio' ? StdioServerConfigSchema : RemoteServerConfigSchema;
  const parsed = schema.safeParse(withoutUndefined(candidate));
  if (!parsed.success) {
    for (const issue of parsed.error.issues) problems.push(`${fieldName(issue.path)}: ${issue.message}.`);
  }
  if (problems.length > 0 || !parsed.success) return { problems };
  return { config: parsed.data, problems: [] };
}

/**
 * The `oauth` field: a client ID (with the secret as a keychain reference, stored by the form
 * before it saves), a metadata URL, or nothing.
 */
function oauthFrom(draft: ServerDraft): Record<string, string> | undefined {
  const clientId = draft.oauthClientId.trim();
  const metadataUrl = draft.oauthMetadataUrl.trim();
  const secret = clientId
    ? draft.oauthClientSecret
      ? `\${secret:${clientSecretName(draft.name)}}`
      : draft.oauthSecretRef
    : undefined;
  const oauth = {
    ...(clientId ? { clientId } : {}),
    ...(secret ? { clientSecret: secret } : {}),
    ...(metadataUrl ? { clientMetadataUrl: metadataUrl } : {}),
  };
  return Object.keys(oauth).length > 0 ? oauth : undefined;
}

/** "available" is the default, so it is left out of the file. */
function reviewSetting(draft: ServerDraft): NewToolsMode | undefined {
  return draft.newTools === 'review' ? 'review' : undefined;
}

function argsFrom(text: string): string[] | undefined {
  const args = text.split('\n').filter((line) => line.trim() !== '');
  return args.length > 0 ? args : undefined;
}

function valuesFrom(
  rows: readonly KeyValueRow[],
  label: string,
  problems: string[],
): Record<string, string> | undefined {
  const filled = rows.filter((row) => row.key.trim() !== '' || row.value !== '' || row.hidden);
  if (filled.length === 0) return undefined;
  const values: Record<string, string> = {};
  for (const row of filled) {
    const key = row.key.trim();
    if (key === '') problems.push(`${label}: every value needs a name.`);
    else if (key in values) problems.push(`${label}: "${key}" appears twice.`);
    else values[key] = row.hidden ? HIDDEN_VALUE : row.value;
  }
  return values;
}

function withoutUndefined(value: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined));
}

const FIELD_NAMES: Record<string, string> = {
  command: 'Command',
  args: 'Arguments',
  env: 'Environment',
  cwd: 'Working folder',
  url: 'URL',
  headers: 'Headers',
  type: 'Transport',
  oauth: 'Sign-in client',
};

function fieldName(path: readonly PropertyKey[]): string {
  const first = path[0];
  return typeof first === 'string' ? (FIELD_NAMES[first] ?? first) : 'Server';
}
