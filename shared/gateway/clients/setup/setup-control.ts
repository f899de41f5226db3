/**
 * The control API's client-setup methods, over the engine's ClientSetup and ClientOnboarding.
 * Every answer is parsed through its contract schema, which drops the file texts (and so the
 * tokens in them) that the engine's own previews carry.
 */
import { dirname } from 'node:path';
import {
  ClientImportResultSchema,
  ConnectResultSchema,
  DisconnectResultSchema,
  ImportPreviewSchema,
  SetupDetectionSchema,
} from '../../../contracts/client-onboarding.js';
import { ConfigChangePreviewSchema, UndoResultSchema } from '../../../contracts/client-setup.js';
import type { setupControlMethods } from '../../../contracts/control-api-setup.js';
import type { ControlHandlers } from '../../control/control-service.js';
import type { Gateway } from '../../gateway.js';
import { ClientOnboarding } from './client-onboarding.js';
import { loadBackupSealer } from './backup-sealing.js';
import { ClientSetup } from './client-setup.js';

/**
 * Binds the setup methods to a running gateway. Client config files are found under the home
 * folder of the process (os.homedir(): `HOME`, or `USERPROFILE` on Windows).
 */
export function createSetupHandlers(
  gateway: Gateway,
): Pick<ControlHandlers, keyof typeof setupControlMethods> {
  // config.json sits directly in the data folder, which also keeps the client-file backups. The
  // backup key is read from the keychain on first use, not when the gateway starts.
  let setupReady: Promise<ClientSetup> | undefined;
  const clientSetup = (): Promise<ClientSetup> =>
    (setupReady ??= loadBackupSealer(gateway.secrets).then(
      (sealer) =>
        new ClientSetup({
          dataDir: dirname(gateway.configStore.path),
          clock: gateway.clock,
          ...(sealer ? { sealer } : {}),
        }),
      (error: unknown) => {
        setupReady = undefined;
        throw error;
      },
    ));
  // Built per call: the gateway's URL is known only once it listens.
  const onboarding = async () =>
    new ClientOnboarding({
      setup: await clientSetup(),
      clients: gateway.clients,
      configStore: gateway.configStore,
      secrets: gateway.secrets,
      gatewayUrl: gateway.url.href,
    });
  const clientsChanged = () => gateway.events.emit({ type: 'config.changed', area: 'clients' });

  return {
    'setup.detect': async () => SetupDetectionSchema.parse((await onboarding()).detect()),
    'setup.preview': async ({ kind, action }) => {
      const flow = await onboarding();
      return ConfigChangePreviewSchema.parse(
        action === 'connect' ? flow.previewConnect(kind) : flow.previewDisconnect(kind),
      );
    },
    'setup.connect': async ({ kind, basedOn }) => {
      const result = (await onboarding()).connect(kind, basedOn);
      if (result.changed) clientsChanged();
      return ConnectResultSchema.parse(result);
    },
    'setup.disconnect': async ({ kind, basedOn }) => {
      const result = (await onboarding()).disconnect(kind, basedOn);
      clientsChanged();
      return DisconnectResultSchema.parse(result);
    },
    'setup.undo': async ({ kind }) => {
      const result = (await onboarding()).undo(kind);
      clientsChanged();
      return UndoResultSchema.parse(result);
    },
    'setup.importPreview': async ({ kind, servers }) =>
      ImportPreviewSchema.parse(await (await onboarding()).previewImport(kind, servers)),
    'setup.import': async ({ kind, removeFromClient, servers, basedOn }) => {
      const result = await (
        await onboarding()
      ).import(kind, {
        removeFromClient,
        ...(servers ? { servers } : {}),
        ...(basedOn ? { basedOn } : {}),
      });
      if (result.added.length > 0) await gateway.configChanged(gateway.configStore.load(), 'servers');
      if (result.removal?.changed) clientsChanged();
      return ClientImportResultSchema.parse(result);
    },
    'setup.reload': async () => {
      const next = gateway.configStore.load();
      await gateway.configChanged(next, 'servers');
      clientsChanged();
      return { servers: Object.keys(next.mcpServers) };
    },
  };
}
