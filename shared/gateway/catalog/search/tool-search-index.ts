/**
 * A lexical index over tool definitions (MiniSearch: BM25-style scoring with prefix and fuzzy
 * matching): names, titles, descriptions and parameter names and descriptions. One index is
 * built per catalog; each search is filtered to the tools the asking client may use, so a tool
 * policy denies or a switch turns off can never be an answer.
 */
import MiniSearch from 'minisearch';
import type { ToolDefinition } from '../../upstream/model.js';
import { searchTerm, splitWords, stem, synonymsOf } from './search-terms.js';

interface ToolDocument {
  readonly id: string;
  readonly name: string;
  readonly title: string;
  readonly description: string;
  readonly parameters: string;
}

/** One search hit: the exposed tool name and its score (higher is better). */
export interface ToolHit {
  readonly name: string;
  readonly score: number;
}

/** How much a match in each field counts; a name says more about a tool than its prose. */
const FIELD_BOOST = { name: 3, title: 2, description: 1, parameters: 0.5 };
/** What a term a query only implies (a synonym) counts against one it says. */
const SYNONYM_WEIGHT = 0.4;

/** A search index over one catalog's tools. */
export class ToolSearchIndex {
  readonly #index: MiniSearch<ToolDocument>;
  readonly size: number;

  constructor(tools: readonly ToolDefinition[]) {
    this.#index = new MiniSearch<ToolDocument>({
      fields: ['name', 'title', 'description', 'parameters'],
      storeFields: [],
      tokenize: splitWords,
      processTerm: searchTerm,
      searchOptions: { boost: FIELD_BOOST },
    });
    const documents = new Map<string, ToolDocument>();
    // A catalog never repeats an exposed name, but a duplicate must not break the whole index.
    for (const tool of tools) if (!documents.has(tool.name)) documents.set(tool.name, toDocument(tool));
    this.#index.addAll([...documents.values()]);
    this.size = documents.size;
  }

  /**
   * The best matching tools for a query, best first, among those `allowed` admits.
   * @param allowed whether the asking client may use a tool (by exposed name).
   */
  search(query: string, allowed: (name: string) => boolean, limit: number): ToolHit[] {
    const words = splitWords(query);
    const said = new Set(words.map((word) => searchTerm(word)).filter((term) => term !== null));
    const implied = words.flatMap((word) => synonymsOf(word)).map(stem);
    const terms = [...said, ...implied.filter((term) => !said.has(term))];
    if (terms.length === 0) return [];
    const results = this.#index.search(terms.join(' '), {
      combineWith: 'OR',
      prefix: (term) => term.length >= 4,
      // Typos in long words only: fuzzy matching of short terms costs time and matches noise.
      fuzzy: (term) => (term.length >= 8 ? 0.15 : false),
      boostTerm: (term) => (said.has(term) ? 1 : SYNONYM_WEIGHT),
      filter: (result) => allowed(String(result.id)),
    });
    return results.slice(0, limit).map((result) => ({ name: String(result.id), score: result.score }));
  }
}

function toDocument(tool: ToolDefinition): ToolDocument {
  return {
    id: tool.name,
    name: tool.name,
    title: [tool.title, (tool.annotations as { title?: unknown } | undefined)?.title]
      .filter((part) => typeof part === 'string')
      .join(' '),
    description: typeof tool.description === 'string' ? tool.description : '',
    parameters: parameterText(tool.inputSchema),
  };
}

/** The names (and short descriptions) of a tool's top-level parameters. */
function parameterText(schema: unknown): string {
  const properties = (schema as { properties?: unknown } | undefined)?.properties;
  if (!properties || typeof properties !== 'object') return '';
  return Object.entries(properties as Record<string, unknown>)
    .map(([name, property]) => {
      const description = (property as { description?: unknown } | null)?.description;
      return typeof description === 'string' ? `${name} ${description.slice(0, 200)}` : name;
    })
    .join(' ');
}
