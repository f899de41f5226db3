/**
 * `npm run bench:catalog-search`: search latency over the retrieval set's real catalog and over
 * 5,000 synthetic tools, the index's memory, retrieval hit rates, and the tokens of each catalog
 * mode per tools/list and per search answer (o200k_base; other models count differently).
 *
 * Latency is measured through ClientCatalogs.search, the path a search call takes in the gateway
 * (the client's visible-tool filter included), after one warm-up round.
 */
import { performance } from 'node:perf_hooks';
import { ClientCatalogConfigSchema } from '../../shared/contracts/catalog-budget.js';
import { Catalog } from '../../shared/gateway/catalog/catalog.js';
import {
  TOKENIZER_LABEL,
  countTokens,
  toolListTokens,
} from '../../shared/gateway/catalog/budget/token-count.js';
import {
  ClientCatalogs,
  listedFor,
  searchAnswer,
} from '../../shared/gateway/catalog/search/client-catalogs.js';
import { ToolSearchIndex } from '../../shared/gateway/catalog/search/tool-search-index.js';
import type { ToolDefinition } from '../../shared/gateway/upstream/model.js';
import { evaluateRetrieval, retrievalCatalog } from '../fixtures/retrieval/retrieval-catalog.js';
import { LABELLED_QUERIES } from '../fixtures/retrieval/queries.js';
import { latencyStats, percentile } from './measure.js';
import { syntheticQueries, syntheticTools } from './synthetic-tools.js';

const ROUNDS = 20;
const gc = (globalThis as { gc?: () => void }).gc;

function heapUsed(): number {
  gc?.();
  gc?.();
  return process.memoryUsage().heapUsed;
}

function catalogOf(tools: ToolDefinition[]): Catalog {
  // Synthetic names carry their own prefix: 'on-collision' keeps them as they are.
  return new Catalog(
    [
      {
        server: 'synthetic',
        lists: { tools, prompts: [], resources: [], resourceTemplates: [] },
        servesResources: false,
      },
    ],
    'on-collision',
  );
}

function measure(label: string, catalog: Catalog, queries: readonly string[]): void {
  const before = heapUsed();
  const started = performance.now();
  const index = new ToolSearchIndex(catalog.tools);
  const buildMs = performance.now() - started;
  const indexBytes = heapUsed() - before;
  void index.size;
  const views = new ClientCatalogs({
    catalog: () => catalog,
    visibleTools: () => catalog.tools,
    catalogSettings: () => ({}),
  });
  for (const query of queries) views.search('bench', query, 5);
  const samples: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    for (const query of queries) {
      const start = process.hrtime.bigint();
      views.search('bench', query, 5);
      samples.push(Number(process.hrtime.bigint() - start));
    }
  }
  const stats = latencyStats(samples);
  console.log(
    `${label}: ${catalog.tools.length} tools, index built in ${buildMs.toFixed(1)} ms, ` +
      `index heap ${gc ? `${(indexBytes / 1024 / 1024).toFixed(2)} MiB` : 'n/a (run with --expose-gc)'}; ` +
      `search p50 ${stats.p50.toFixed(3)} ms, p99 ${stats.p99.toFixed(3)} ms, max ${stats.max.toFixed(2)} ms (n=${stats.n})`,
  );
}

function tokenFigures(catalog: Catalog): void {
  const tools = [...catalog.tools];
  const settings = (value: Record<string, unknown>) => ClientCatalogConfigSchema.parse(value);
  const full = toolListTokens(tools);
  const trimmed = toolListTokens(listedFor(settings({ trimmed: true }), tools, catalog));
  const search = toolListTokens(listedFor(settings({ mode: 'search' }), tools, catalog));
  const views = new ClientCatalogs({
    catalog: () => catalog,
    visibleTools: () => tools,
    catalogSettings: () => ({}),
  });
  const answers = LABELLED_QUERIES.map((query) => {
    const result = searchAnswer(views.search('bench', query.query, 5));
    return countTokens(JSON.stringify(result));
  }).sort((a, b) => a - b);
  const mean = answers.reduce((sum, value) => sum + value, 0) / answers.length;
  console.log(`\nTokens per tools/list (${TOKENIZER_LABEL}), ${tools.length} tools:`);
  console.log(`  full      ${full.toLocaleString('en-US')}`);
  console.log(
    `  trimmed   ${trimmed.toLocaleString('en-US')}  (saves ${(full - trimmed).toLocaleString('en-US')} per request, ${pct(1 - trimmed / full)})`,
  );
  console.log(
    `  search    ${search.toLocaleString('en-US')}  (saves ${(full - search).toLocaleString('en-US')} per request, ${pct(1 - search / full)})`,
  );
  console.log(
    `  one search answer (top 5, as the result the model reads): mean ${Math.round(mean).toLocaleString('en-US')}, ` +
      `p50 ${percentile(answers, 50).toLocaleString('en-US')}, p90 ${percentile(answers, 90).toLocaleString('en-US')}, max ${answers.at(-1)?.toLocaleString('en-US')}`,
  );
  console.log(
    `  search mode costs less than full while a conversation makes fewer than ${Math.floor((full - search) / mean)} searches ` +
      `(each search answer stays in the context for the turns after it)`,
  );
}

function pct(fraction: number): string {
  return `${(fraction * 100).toFixed(1)} %`;
}

const real = retrievalCatalog();
const retrieval = evaluateRetrieval(real);
console.log(
  `Retrieval set: ${real.tools.length} tools from 14 npm servers, ${retrieval.queries} labelled queries: ` +
    `top-1 ${pct(retrieval.top1)}, top-5 ${pct(retrieval.top5)}\n`,
);
measure(
  'Real catalog',
  real,
  LABELLED_QUERIES.map((query) => query.query),
);
measure('Synthetic catalog', catalogOf(syntheticTools(5000)), syntheticQueries(200));
tokenFigures(real);
