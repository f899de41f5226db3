/**
 * What a tool's name says it does: its words, the verb that leads it, and whether it reaches the
 * web. Names are the part of a tool a server author writes most carefully, so they are the
 * strongest text signal, and the cheapest: a name is a few words.
 */
import type { ToolRisk } from '../../contracts/tool-access.js';
import { mostSevereRisk } from '../access/tool-risk.js';

/** What one verb in a name does. `fetch` reads, but from the outside world. */
type VerbClass = 'read' | 'fetch' | 'writes' | 'destructive';

const verbClasses = new Map<string, VerbClass>();
function define(verbClass: VerbClass, words: string): void {
  for (const word of words.split(' ')) verbClasses.set(word, verbClass);
}
define('read', 'get list read search find query describe show view count lookup look inspect retrieve');
define('read', 'check stat peek ls cat explain');
define('fetch', 'fetch browse crawl scrape download curl wget navigate');
define('writes', 'create write update upsert edit set put patch post add append insert save store modify');
define('writes', 'change move mv rename copy cp replace upload send email mail reply forward publish');
define('writes', 'commit push merge deploy submit apply execute exec run eval install import launch');
define('writes', 'start stop restart enable disable toggle assign grant revoke approve reject close');
define('writes', 'archive lock unlock transfer pay book schedule cancel mkdir touch sync fork clone');
define('writes', 'invite share comment');
define('destructive', 'delete del remove rm rmdir unlink drop destroy erase wipe purge truncate kill');
define('destructive', 'terminate overwrite uninstall shred nuke obliterate clear');

/** Words in a name that say the tool talks to the web, whatever its verb. */
const webWords = new Set([
  ...'fetch browse crawl scrape download curl wget navigate'.split(' '),
  ...'http https url urls web webpage website internet'.split(' '),
]);

/** Words after which a read-led name starts a second action: `get_or_create`, `read_and_delete`. */
const conjunctions = new Set(['and', 'or', 'then']);

/** Destructive two-word actions whose words alone are harmless. */
const destructivePairs: ReadonlyArray<readonly [string, ReadonlySet<string>]> = [
  ['force', new Set(['push'])],
  ['format', new Set(['disk', 'drive', 'partition', 'volume'])],
];

/** Names are short; anything longer is not a name we need to read past this. */
const nameLimit = 200;

/**
 * Splits `deleteFile`, `delete_file`, `delete-file`, `HTTPRequest` and `v2Fetch` into lower-case
 * words.
 */
export function nameWords(name: string): string[] {
  return name
    .slice(0, nameLimit)
    .replace(/([a-z\d])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .replace(/\d+/g, ' $& ')
    .toLowerCase()
    .split(/[^a-z\d]+/)
    .filter((word) => word.length > 0);
}

/** A verb's class, forgiving a plural or third-person `s`: `deletes`, `pushes`, `entities` no. */
function classOf(word: string): VerbClass | undefined {
  return (
    verbClasses.get(word) ??
    (word.endsWith('s') ? verbClasses.get(word.slice(0, -1)) : undefined) ??
    (word.endsWith('es') ? verbClasses.get(word.slice(0, -2)) : undefined)
  );
}

/** What a tool's name says about its risk. */
export interface NameReading {
  /** The level its verbs imply, if they imply more than reading. */
  readonly risk: ToolRisk | undefined;
  /** It leads with a read verb and does nothing else: `get_weather`, `list_issues`. */
  readonly readsOnly: boolean;
  /** Its words say it reaches the web: `fetch`, `web_search`, `get_url`. */
  readonly reachesWeb: boolean;
}

/** The level one word of a name implies, looking at the next word for two-word actions. */
function impliedRisk(word: string, next: string | undefined): ToolRisk | undefined {
  const verbClass = classOf(word);
  const pairs = destructivePairs.some(([first, seconds]) => word === first && seconds.has(next ?? ''));
  if (pairs || verbClass === 'destructive') return 'destructive';
  return verbClass === 'writes' ? 'writes' : undefined;
}

/**
 * Reads a name. The first verb leads; when it is a read verb, later verb-like words are taken as
 * nouns (`list_commits`, `get_workflow_run`, `search_posts`) unless a conjunction starts a second
 * action (`get_or_create_user`). A name led by a write verb counts every verb after it.
 */
export function readName(name: string): NameReading {
  const words = nameWords(name);
  let lead: VerbClass | undefined;
  let risk: ToolRisk | undefined;
  let counting = true;
  for (const [index, word] of words.entries()) {
    if (conjunctions.has(word)) counting = true;
    if (lead === undefined) {
      lead = classOf(word);
      if (lead === 'read' || lead === 'fetch') counting = false;
    }
    const implied = counting ? impliedRisk(word, words[index + 1]) : undefined;
    if (implied) risk = risk ? mostSevereRisk(risk, implied) : implied;
  }
  return {
    risk,
    readsOnly: (lead === 'read' || lead === 'fetch') && risk === undefined,
    reachesWeb: words.some((word) => webWords.has(word)),
  };
}
