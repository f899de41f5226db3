/**
 * Tells which of the aggregate's lists changed since the last rebuild, so clients get a
 * `list_changed` only for lists that really differ.
 */
import type { Catalog } from './catalog.js';

export interface ListChanges {
  readonly tools: boolean;
  readonly prompts: boolean;
  readonly resources: boolean;
}

export class ListSignatures {
  #last = { tools: '', prompts: '', resources: '' };

  /**
   * @param toolsState anything else that shapes the tools lists clients see (which tools are
   *   held back for review), so a change to it counts as a tools change.
   */
  changes(catalog: Catalog, toolsState: string): ListChanges {
    const next = {
      tools: `${toolsState}:${JSON.stringify(catalog.tools)}`,
      prompts: JSON.stringify(catalog.prompts),
      resources: JSON.stringify([catalog.resources, catalog.resourceTemplates]),
    };
    const changes = {
      tools: next.tools !== this.#last.tools,
      prompts: next.prompts !== this.#last.prompts,
      resources: next.resources !== this.#last.resources,
    };
    this.#last = next;
    return changes;
  }
}
