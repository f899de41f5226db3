/**
 * How tool text and queries become search terms: words split at case changes and punctuation
 * (`browser_take_screenshot`, `getUserProfile`), common words dropped, plurals and verb endings
 * folded so "files" finds "file" and "created" finds "create".
 */

/** Words too common in queries and tool descriptions to tell tools apart. */
const STOP_WORDS = new Set(
  (
    'a an the and or but of to in on at by for from with into onto about as is are was were be been ' +
    'it its this that these those there here my me i we our you your can could would should please ' +
    'what which who how when where all any some do does did so than then up out if not no just also ' +
    'will shall may might get let lets want need using use via'
  ).split(' '),
);

/**
 * Everyday words people type for what tool text says otherwise: each maps to the words tools use.
 * Kept small and generic (software vocabulary, not any one server's tools).
 */
const SYNONYMS: Readonly<Record<string, readonly string[]>> = {
  folder: ['directory'],
  folders: ['directory'],
  dir: ['directory'],
  repo: ['repository'],
  repos: ['repository'],
  pr: ['pull', 'request'],
  prs: ['pull', 'request'],
  mr: ['merge', 'request'],
  ticket: ['issue'],
  bug: ['issue'],
  remove: ['delete'],
  rename: ['move'],
  find: ['search'],
  lookup: ['search'],
  fetch: ['get', 'retrieve'],
  show: ['get', 'list'],
  open: ['navigate', 'open'],
  visit: ['navigate'],
  go: ['navigate'],
  browse: ['navigate'],
  site: ['page', 'url'],
  website: ['page', 'url'],
  webpage: ['page', 'url'],
  tab: ['page', 'tab'],
  picture: ['image', 'screenshot'],
  photo: ['image', 'screenshot'],
  capture: ['screenshot', 'snapshot'],
  db: ['database', 'sql', 'query'],
  database: ['sql', 'query'],
  table: ['sql', 'query', 'database'],
  send: ['post', 'message'],
  say: ['post', 'message'],
  chat: ['message', 'channel'],
  note: ['observation', 'page'],
  remember: ['observation', 'entity', 'memory'],
  doc: ['page', 'document'],
  address: ['geocode', 'address'],
  route: ['directions'],
  drive: ['directions'],
  nearby: ['places', 'local'],
  restaurant: ['places', 'local'],
  type: ['type', 'fill'],
  enter: ['fill', 'type'],
  js: ['javascript', 'evaluate', 'script'],
  run: ['execute', 'evaluate', 'run'],
  mkdir: ['create', 'directory'],
  ls: ['list', 'directory'],
  cat: ['read', 'file'],
  logs: ['console', 'messages'],
  slow: ['performance', 'trace'],
  upload: ['upload', 'file'],
};

/** Splits text into words: camelCase, snake_case, kebab-case and punctuation all break words. */
export function splitWords(text: string): string[] {
  return text
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((word) => word.length > 0);
}

/** A word folded to its search term, or null for a stop word. */
export function searchTerm(word: string): string | null {
  const lower = word.toLowerCase();
  if (STOP_WORDS.has(lower)) return null;
  return stem(lower);
}

/** The extra words a query word stands for ("folder" → "directory"), unstemmed. */
export function synonymsOf(word: string): readonly string[] {
  return SYNONYMS[word.toLowerCase()] ?? [];
}

/**
 * A light suffix-stripping stemmer: plural and verb endings, then a final "e", so every form of
 * "create", "creates", "created", "creating" meets at "creat". Good enough for short tool text,
 * and the same function runs on both sides, so a rough stem still matches itself.
 */
export function stem(word: string): string {
  let term = word;
  if (term.length > 4 && term.endsWith('ies')) term = `${term.slice(0, -3)}y`;
  else if (term.endsWith('sses')) term = term.slice(0, -2);
  else if (term.length > 3 && term.endsWith('s') && !/(ss|us|is)$/.test(term)) term = term.slice(0, -1);
  if (term.length > 5 && term.endsWith('ing')) term = term.slice(0, -3);
  else if (term.length > 4 && term.endsWith('ed')) term = term.slice(0, -2);
  if (term.length > 4 && term.endsWith('e')) term = term.slice(0, -1);
  return term;
}
