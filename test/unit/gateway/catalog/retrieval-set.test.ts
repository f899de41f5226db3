/**
 * The catalog retrieval set: 14 real MCP server packages' tool lists (snapshot in
 * test/fixtures/retrieval, checked against the live servers by
 * test/integration/retrieval-snapshot.test.ts) and labelled queries a person would ask.
 *
 * Measured with this index: top-1 86.2 %, top-5 98.3 % over 181 queries and 178 tools
 * (`npm run bench:catalog-search` prints them, `npx tsx test/fixtures/retrieval/print-retrieval.ts` the misses). The floors
 * below sit just under that, so a change to the search that loses hits fails here.
 */
import { describe, expect, it } from 'vitest';
import { LABELLED_QUERIES } from '../../../fixtures/retrieval/queries.js';
import {
  evaluateRetrieval,
  retrievalCatalog,
  snapshotToolLists,
} from '../../../fixtures/retrieval/retrieval-catalog.js';

const TOP1_FLOOR = 0.85;
const TOP5_FLOOR = 0.97;

describe('catalog retrieval set', () => {
  const lists = snapshotToolLists();
  const catalog = retrievalCatalog(lists);

  it('is large enough to mean something', () => {
    expect(lists.length).toBeGreaterThanOrEqual(8);
    expect(catalog.tools.length).toBeGreaterThanOrEqual(150);
    expect(LABELLED_QUERIES.length).toBeGreaterThanOrEqual(150);
  });

  it('labels every query with tools the catalog has', () => {
    const names = new Set(catalog.tools.map((tool) => tool.name));
    const missing = LABELLED_QUERIES.flatMap((query) => [query.expected, ...(query.also ?? [])]).filter(
      (name) => !names.has(name),
    );
    expect(missing).toEqual([]);
  });

  it(`finds the right tool first at least ${TOP1_FLOOR * 100} % of the time, in the top 5 at least ${TOP5_FLOOR * 100} %`, () => {
    const report = evaluateRetrieval(catalog);
    const misses = report.outcomes.filter((outcome) => outcome.rank === undefined).map((o) => o.query.query);
    expect({ top1: report.top1 >= TOP1_FLOOR, top5: report.top5 >= TOP5_FLOOR, misses }).toEqual({
      top1: true,
      top5: true,
      misses: expect.any(Array),
    });
  });
});
