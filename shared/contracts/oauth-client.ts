/**
 * How Gatehouse identifies itself to a remote server's authorization server, for providers that
 * do not take dynamic client registration: a pre-registered client (ID, and a secret kept in the
 * keychain), or a URL-based client ID (a Client ID Metadata Document) where the authorization
 * server advertises `client_id_metadata_document_supported`.
 */
import { z } from 'zod';

/** The `oauth` field of a remote server entry. */
export const OAuthClientConfigSchema = z.strictObject({
  /** A client registered by hand with the provider. */
  clientId: z.string().min(1).max(500).optional(),
  /** Its secret, as a reference: `${secret:NAME}` (the keychain). Public clients leave it out. */
  clientSecret: z.string().min(1).max(1000).optional(),
  /**
   * An https URL whose document describes Gatehouse as a client; used as the client ID by
   * authorization servers that support Client ID Metadata Documents, others register as before.
   */
  clientMetadataUrl: z.url({ protocol: /^https$/, error: 'must be an https:// URL' }).optional(),
});

export type OAuthClientConfig = z.infer<typeof OAuthClientConfigSchema>;

/** The keychain name the UI stores a server's client secret under. */
export function clientSecretName(server: string): string {
  const base = server
    .replace(/[^A-Za-z0-9_]/g, '_')
    .toUpperCase()
    .slice(0, 100);
  return `${/^[0-9]/.test(base) ? '_' : ''}${base}_OAUTH_CLIENT_SECRET`;
}
