/**
 * The secret values a config holds, so the audit can redact them wherever they appear.
 */
import { isStdioServer, type GatewayConfig } from '../../contracts/config.js';
import { isCredentialKey } from '../audit/redact.js';

/**
 * Credential-looking `env` entries and `headers` of upstream servers. (Values of other keys, such
 * as `DEBUG=1`, would redact harmless text everywhere.) The keychain adds its own later.
 */
export function configuredSecrets(config: GatewayConfig): string[] {
  const secrets: string[] = [];
  for (const server of Object.values(config.mcpServers)) {
    const entries: Record<string, string> = isStdioServer(server)
      ? (server.env ?? {})
      : (server.headers ?? {});
    for (const [key, value] of Object.entries(entries))
      if (isCredentialKey(key) && value) secrets.push(value);
  }
  return secrets;
}
