/**
 * The phrases of tool poisoning: text in a tool's definition that speaks to the model instead of
 * describing the tool. Each rule is written against the phrasing of published attacks and
 * checked against the real descriptions of the reference servers, which must not trip it; the
 * comments say which legitimate phrasing a narrower form leaves alone.
 *
 * Every pattern is linear: alternations of literals, and the only repeats over words are bounded
 * (`{0,3}`), so no input can make a rule backtrack without end.
 */
import type { PoisoningSignKind } from '../../contracts/tool-integrity.js';

function anyOf(patterns: readonly string[]): RegExp {
  return new RegExp(patterns.join('|'), 'gi');
}

/** A tool named in prose: `send_email`, `` `fetch` ``, never `this`. */
const otherTool = String.raw`(?!this\b)` + '`?[\\w.-]{1,64}`?';

/** Words that tell the model not to do something. */
const dont = String.raw`(?:do\s+not|don'?t|never|must\s+not|should\s+not|shouldn'?t)`;

const modelInstructions = anyOf([
  String.raw`\b(?:ignore|disregard|forget|override|bypass)\s+(?:(?:all|any|the|of)\s+){0,3}(?:previous|prior|above|earlier|preceding|former|other|system|your|existing|original)\s+(?:instructions?|prompts?|rules|directions|directives|guidelines|messages|context)\b`,
  // `Disregards whitespace` stays harmless: the object must be instructions or the user.
  String.raw`\bdisregard(?:ing)?\s+(?:\w+\s+){0,3}?(?:instructions?|prompts?|rules|guidelines|the\s+user|user'?s|system|polic(?:y|ies)|safety|warnings?)\b`,
  String.raw`\byou\s+must\s+(?:always\s+|now\s+|also\s+)?first\b`,
  String.raw`\bbefore\s+(?:using|calling|invoking|running|executing)\s+(?:this|the|any)\s+(?:[\w-]+\s+)?(?:tool|function)\s*[,:]?\s*(?:you\s+(?:must|should|need\s+to|have\s+to)\s+)?(?:(?:first|always|please)\s+){0,2}(?:read|call|send|fetch|include|pass|run|execute|open|cat|upload|invoke|use|check|get|retrieve|collect|copy)\b`,
  String.raw`<\s*\/?\s*(?:important|system|instructions?|secret|hidden|admin|sys|assistant|critical|override)\s*>`,
  String.raw`<\|\s*(?:im_start|im_end|system|endoftext)\s*\|>|\[\/?INST\]|<<\/?SYS>>`,
  String.raw`\bas\s+an\s+(?:ai|llm|language\s+model)\b`,
  // `Do not follow symlinks` or `redirects` is an option, not an attack: the object must be rules.
  String.raw`\b(?:do\s+not|don'?t)\s+follow\s+(?:the\s+|any\s+|your\s+)?(?:(?:previous|prior|other|original|user'?s?|system|earlier|above)\s+)?(?:instructions?|rules|guidelines|prompts?|requests?|directions)\b`,
  // A role marker opens a line; `user:` is left out, parameter lists use it.
  String.raw`(?:^|\n)[ \t]*(?:#{1,6}[ \t]*)?(?:assistant|system|human)[ \t]*:`,
  String.raw`\b(?:new|updated|additional|hidden|secret|real|true)\s+(?:system\s+)?instructions?\s*:`,
  String.raw`\b(?:reveal|print|repeat|output|leak|send|show)\s+(?:\w+\s+){0,2}?system\s+prompt\b`,
  // Ordinary prose says `important` once; attacks shout it.
  String.raw`\b(?:very\s+){2,3}important\b`,
  String.raw`\byou\s+are\s+now\s+(?:a|an|in)\b`,
]);

const concealment = anyOf([
  String.raw`\b${dont}\s+(?:tell|inform|notify|alert|warn)\s+(?:the\s+)?(?:user|them|anyone|anybody|human|person)\b`,
  // `Never show the user's password` is advice, not concealment: `user's` is left out.
  String.raw`\b${dont}\s+(?:mention|reveal|disclose|show|display|say|explain)\s+(?:(?:this|that|it|anything|the\s+fact)\b|(?:[\w']+\s+){0,4}?(?:to\s+)?(?:the\s+)?user\b(?!'s))`,
  String.raw`\bwithout\s+(?:telling|informing|notifying|alerting|letting)\s+(?:the\s+)?(?:user|them|anyone)\b`,
  String.raw`\bwithout\s+the\s+user(?:'s)?\s+(?:knowing|knowledge|noticing|awareness)\b`,
  String.raw`\b(?:do\s+not|don'?t|never)\s+let\s+(?:the\s+)?user\s+(?:know|see|notice|find\s+out)\b`,
  // `will succeed silently` (server-filesystem's create_directory) describes an outcome; only an
  // action done silently is concealment.
  String.raw`\b(?:silently|quietly)\s+(?:\w+\s+){0,2}?(?:send|include|read|pass|forward|upload|copy|add|append|attach|transmit|exfiltrate|collect|call|execute|run|replace|change|modify|redirect|bcc|cc|use|invoke|save|post|share|leak)\b`,
  String.raw`\b(?:do|perform|handle|complete|execute)\s+(?:this|it|that|these|everything)\s+(?:silently|quietly)\b`,
  String.raw`\b(?:secretly|covertly|surreptitiously)\b`,
  String.raw`\bhide\s+(?:this|it|that|these|them|the\s+\w+)\s+from\b`,
  String.raw`\bkeep\s+(?:this|it|that)\s+(?:a\s+)?secret\b`,
  String.raw`\b(?:the\s+)?user\s+(?:must|should)\s+not\s+(?:know|see|notice|be\s+told|be\s+informed|find\s+out)\b`,
]);

const crossTool = anyOf([
  String.raw`\binstead\s+of\s+(?:using|calling|invoking)\b`,
  String.raw`\buse\s+this\s+(?:tool|function)\s+(?:instead|rather)\b`,
  String.raw`\bwhen(?:ever)?\s+(?:the\s+|any\s+|another\s+)?${otherTool}\s+(?:tool|function)\s+is\s+(?:called|used|invoked|run|executed|requested)\b`,
  String.raw`\bwhen(?:ever)?\s+this\s+(?:tool|server)\s+is\s+(?:available|present|loaded|installed|enabled|connected)\b`,
  String.raw`\boverrid(?:e|es|ing)\s+(?:the\s+)?(?:default\s+)?(?:behaviou?rs?|functionality|instructions|logic|implementation|parameters?|arguments?)\s+of\b`,
  String.raw`\ball\s+(?:e-?mails?|messages?|payments?|transfers?|invoices?|requests?|calls?|funds)\s+(?:must|should|shall|need\s+to|are\s+to|will)\s+(?:be\s+|always\s+)?(?:sent|forwarded|routed|redirected|cc'?d|bcc'?d|copied|addressed|delivered|paid|transferred)\s+to\b`,
  String.raw`\b(?:must|should|shall|always)\s+(?:send|forward|route|redirect|bcc|cc|deliver|copy)\s+(?:all|every|each|any)\s+(?:e-?mails?|messages?|payments?|transfers?|requests?)\b`,
  String.raw`\bside[\s-]effects?\s+on\s+(?:the\s+)?(?:[\w-]+\s+){0,3}?(?:tools?|functions?)\b`,
  String.raw`\bthe\s+${otherTool}\s+tool\s+(?:must|should|shall|needs\s+to|has\s+to)\s+(?:always|never|only|now|also)\b`,
  // `Do not use this tool for large files` is about itself and is left alone.
  String.raw`\b(?:do\s+not|don'?t|never)\s+(?:use|call|invoke)\s+(?:the\s+|any\s+)?${otherTool}\s+(?:tool|function)\b`,
  String.raw`\b(?:change|replace|set)\s+the\s+(?:recipient|destination|to[\s-]address|account\s+number|iban)\s+(?:to|with)\b`,
]);

/** The phrase rules, one combined pattern per kind (`sensitive-files` needs its own logic). */
export const phraseRules: ReadonlyArray<{ readonly kind: PoisoningSignKind; readonly pattern: RegExp }> = [
  { kind: 'model-instructions', pattern: modelInstructions },
  { kind: 'concealment', pattern: concealment },
  { kind: 'cross-tool', pattern: crossTool },
];

/**
 * Secrets and other tools' data by name. `id_rsa.pub` and `process.env` are left out: a public
 * key is public, and code mentioning the environment is not a dotfile.
 */
export const sensitiveTarget = anyOf([
  String.raw`~?\/?\.ssh\b`,
  String.raw`\bid_(?:rsa|dsa|ecdsa|ed25519)\b(?!\.pub)`,
  String.raw`(?<![\w.])\.env(?:\.[\w-]+)?\b`,
  String.raw`\.(?:aws|kube|docker|gnupg|cursor|config\/gcloud)\/`,
  String.raw`\.(?:npmrc|pypirc|netrc|git-credentials|pgpass)\b`,
  String.raw`\b(?:keychain|mcp\.json|claude_desktop_config(?:\.json)?)\b`,
  String.raw`\/etc\/(?:passwd|shadow)\b`,
  String.raw`\b(?:private|secret|api|signing)[\s_-]?keys?\b|\bapikeys?\b`,
  String.raw`\b(?:passwords?|passwd|credentials?|access[\s_-]?tokens?|session\s+cookies?)\b`,
  String.raw`\b(?:seed|recovery)\s+phrases?\b|\bwallet\s+(?:keys?|seeds?)\b`,
]);

/**
 * A request to handle something: an imperative or infinitive verb (`read`, `pass`, `include`),
 * or `as a parameter`. Third-person forms (`reads`, `loads`) are left out on purpose: they
 * describe what the tool does (`Loads credentials from ~/.aws/credentials`), while poisoning
 * tells the model what to do.
 */
const handlingVerb = anyOf([
  String.raw`\b(?:read|cat|open|load|include|pass|send|upload|attach|copy|extract|collect|append|embed|forward|exfiltrate|transmit|paste|dump|leak|submit)\b`,
  String.raw`\bas\s+(?:an?\s+|the\s+)?(?:[\w'"\x60]+\s+)?(?:parameter|argument|param|field|sidenote)\b`,
]);

/** Before a verb: it is negated (`never send`) or passive (`are read from`), so not a request. */
const notARequest = /(?:\b(?:not|never|no|is|are|be|been|was|were)|n't)\s+$/i;

/** Whether a sentence asks for something to be read, included or sent. */
export function asksToHandle(sentence: string): boolean {
  handlingVerb.lastIndex = 0;
  for (let match = handlingVerb.exec(sentence); match; match = handlingVerb.exec(sentence)) {
    if (!notARequest.test(sentence.slice(Math.max(0, match.index - 16), match.index))) return true;
  }
  return false;
}

/** How far a sentence may reach either side of a finding before it is cut. */
const sentenceReach = 240;

/**
 * The bounds of the sentence around `start..end`. A full stop ends it only before whitespace, so
 * that paths (`~/.ssh/id_rsa`, `mcp.json`) stay whole; a line break or a NUL (the separator
 * between scanned texts) always does.
 */
export function sentenceAround(text: string, start: number, end: number): { from: number; to: number } {
  const isEnd = (index: number): boolean => {
    const char = text[index];
    if (char === '\n' || char === '\u0000') return true;
    return (
      (char === '.' || char === '!' || char === '?' || char === ';') && /\s/.test(text[index + 1] ?? ' ')
    );
  };
  let from = start;
  while (from > 0 && start - from < sentenceReach && !isEnd(from - 1)) from -= 1;
  let to = end;
  while (to < text.length && to - end < sentenceReach && !isEnd(to)) to += 1;
  return { from, to };
}
