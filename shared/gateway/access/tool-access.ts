/**
 * Which tools each client may use. Explicit switches live in config.json's `toolAccess`; a tool
 * nobody switched follows `newTools`. A switched-off tool is hidden from the client's tools/list
 * and refused if called.
 */
import {
  ToolAccessConfigSchema,
  toolKey,
  type AccessChange,
  type ToolAccessConfig,
} from '../../contracts/tool-access.js';

/** The rule id audited for a call refused because its tool is switched off for the client. */
export const TOOL_ACCESS_RULE_ID = 'tool-access';

/** The tools a change may refer to: server → its tool names. */
export type ToolsByServer = ReadonlyMap<string, readonly string[]>;

export class ToolAccess {
  #config: ToolAccessConfig;

  /**
   * @param isSuspicious whether a tool shows signs of tool poisoning: such a tool starts switched
   *   off for every client, whatever `newTools` says, until someone switches it on.
   */
  constructor(
    config: ToolAccessConfig | undefined,
    private readonly isSuspicious: (server: string, tool: string) => boolean = () => false,
  ) {
    this.#config = config ?? ToolAccessConfigSchema.parse({});
  }

  get config(): ToolAccessConfig {
    return this.#config;
  }

  isEnabled(client: string, server: string, tool: string): boolean {
    const explicit = this.#config.clients[client]?.[toolKey(server, tool)];
    return explicit ?? (this.#config.newTools === 'enabled' && !this.isSuspicious(server, tool));
  }

  /** The config after `changes`; a change without `tool` switches every tool of its server. */
  withChanges(changes: readonly AccessChange[], tools: ToolsByServer): ToolAccessConfig {
    const clients = structuredClone(this.#config.clients);
    for (const change of changes) {
      const switches = (clients[change.client] ??= {});
      const names = change.tool ? [change.tool] : (tools.get(change.server) ?? []);
      for (const name of names) switches[toolKey(change.server, name)] = change.enabled;
    }
    return { ...this.#config, clients };
  }

  /**
   * The config with a new default for tools nobody switched. Tools known now keep the state they
   * show, so changing the default only affects tools discovered later.
   */
  withDefault(
    newTools: 'enabled' | 'disabled',
    clientNames: readonly string[],
    tools: ToolsByServer,
  ): ToolAccessConfig {
    if (newTools === this.#config.newTools) return this.#config;
    const clients = structuredClone(this.#config.clients);
    for (const client of clientNames) {
      const switches = (clients[client] ??= {});
      for (const [server, names] of tools) {
        for (const name of names) switches[toolKey(server, name)] ??= this.isEnabled(client, server, name);
      }
    }
    return { ...this.#config, newTools, clients };
  }

  replace(config: ToolAccessConfig): void {
    this.#config = config;
  }
}
