import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { searchTerm, splitWords, stem } from '../../../../shared/gateway/catalog/search/search-terms.js';
import { ToolSearchIndex } from '../../../../shared/gateway/catalog/search/tool-search-index.js';
import { retrievalCatalog } from '../../../fixtures/retrieval/retrieval-catalog.js';

const tools = retrievalCatalog().tools;
const index = new ToolSearchIndex(tools);
const names = tools.map((tool) => tool.name);

describe('tool search index', () => {
  it('never answers with a tool the filter rejects, whatever the query', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string(), fc.constantFrom('create issue', 'read file', 'screenshot', 'slack message')),
        fc.subarray(names),
        fc.integer({ min: 1, max: 20 }),
        (query, allowedNames, limit) => {
          const allowed = new Set(allowedNames);
          const hits = index.search(query, (name) => allowed.has(name), limit);
          expect(hits.length).toBeLessThanOrEqual(limit);
          for (const hit of hits) expect(allowed.has(hit.name)).toBe(true);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('answers nothing for a query of only common words, and ranks best first', () => {
    expect(index.search('what is the', () => true, 5)).toEqual([]);
    const hits = index.search('merge the pull request', () => true, 5);
    expect(hits[0]?.name).toBe('github__merge_pull_request');
    expect(hits.map((hit) => hit.score)).toEqual([...hits.map((hit) => hit.score)].sort((a, b) => b - a));
  });

  it('splits names the ways servers write them, and folds word forms together', () => {
    expect(splitWords('browser_take_screenshot API-post-search getUserProfile')).toEqual([
      'browser',
      'take',
      'screenshot',
      'api',
      'post',
      'search',
      'get',
      'user',
      'profile',
    ]);
    expect(['create', 'creates', 'created', 'creating'].map(stem)).toEqual([
      'creat',
      'creat',
      'creat',
      'creat',
    ]);
    expect(['files', 'directories'].map(stem)).toEqual(['file', 'directory']);
    expect(searchTerm('the')).toBeNull();
  });
});
