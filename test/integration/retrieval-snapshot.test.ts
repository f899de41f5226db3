/**
 * The retrieval set's snapshot (test/fixtures/retrieval/tool-lists.json) must be what the pinned
 * server packages really list: this starts each of them over stdio and compares. When it fails
 * after a package bump, run `npm run retrieval:refresh` and check the labelled queries still fit.
 */
import { describe, expect, it } from 'vitest';
import { liveToolLists } from '../fixtures/retrieval/live-tool-lists.js';
import { snapshotToolLists } from '../fixtures/retrieval/retrieval-catalog.js';

describe('retrieval-set snapshot', () => {
  it('matches the tools the installed server packages list over stdio', async () => {
    const live = await liveToolLists();
    const snapshot = snapshotToolLists();
    expect(live.map((list) => list.server)).toEqual(snapshot.map((list) => list.server));
    for (const [index, list] of live.entries()) {
      const stored = snapshot[index]!;
      expect({ version: list.version, tools: list.tools }, list.server).toEqual({
        version: stored.version,
        tools: stored.tools,
      });
    }
  }, 180_000);
});
