/**
 * `${secret:NAME}` and `${env:NAME}` inside a server's `env`, `headers` and `args`: finding them,
 * and filling them in at spawn or connect time. The config file only ever holds the references.
 */
import { SECRET_REFERENCE_PATTERN, type SecretSource } from '../../contracts/secrets.js';
import { isStdioServer, type ServerConfig } from '../../contracts/config.js';

/** One reference, as written in the config. */
export interface SecretReference {
  readonly source: SecretSource;
  readonly name: string;
}

/** Every distinct reference in a server's `env`, `headers` and `args`, in order of appearance. */
export function referencesIn(server: ServerConfig): SecretReference[] {
  const seen = new Map<string, SecretReference>();
  for (const text of referableStrings(server)) {
    for (const match of text.matchAll(SECRET_REFERENCE_PATTERN)) {
      const reference = { source: match[1] as SecretSource, name: match[2] as string };
      seen.set(describeReference(reference), reference);
    }
  }
  return [...seen.values()];
}

/** How a reference is shown to a person: `GITHUB_TOKEN`, or `env GITHUB_TOKEN`. */
export function describeReference(reference: SecretReference): string {
  return reference.source === 'secret' ? reference.name : `env ${reference.name}`;
}

/** A copy of the server entry with every reference replaced by its value from `values`. */
export function fillReferences(server: ServerConfig, values: ReadonlyMap<string, string>): ServerConfig {
  const fill = (text: string): string =>
    text.replace(SECRET_REFERENCE_PATTERN, (whole, source: SecretSource, name: string) => {
      return values.get(describeReference({ source, name })) ?? whole;
    });
  const fillMap = (map: Record<string, string> | undefined) =>
    map && Object.fromEntries(Object.entries(map).map(([key, value]) => [key, fill(value)]));
  if (isStdioServer(server)) {
    return { ...server, args: server.args?.map(fill), env: fillMap(server.env) };
  }
  const clientSecret = server.oauth?.clientSecret;
  return {
    ...server,
    headers: fillMap(server.headers),
    ...(server.oauth && clientSecret ? { oauth: { ...server.oauth, clientSecret: fill(clientSecret) } } : {}),
  };
}

function referableStrings(server: ServerConfig): string[] {
  if (isStdioServer(server)) return [...(server.args ?? []), ...Object.values(server.env ?? {})];
  const clientSecret = server.oauth?.clientSecret;
  return [...Object.values(server.headers ?? {}), ...(clientSecret ? [clientSecret] : [])];
}
