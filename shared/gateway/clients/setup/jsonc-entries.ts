/**
 * Adding, replacing and removing one property of a JSON or JSON-with-comments file while every
 * other byte stays as it was: comments, trailing commas, indentation and line endings.
 *
 * jsonc-parser's `modify` reformats the whole line where an insertion starts (a sibling written on
 * one line gets spread over several) and its removal swallows comments between siblings, so the
 * edits are computed here from the parse tree's offsets, line by line, and applied with
 * `applyEdits`. Inserting and then removing a property gives back the original text.
 */
import { applyEdits, findNodeAtLocation, parseTree, visit, type Edit, type Node } from 'jsonc-parser';

/** Lenient parsing for editing: the file was checked against its client's own dialect before. */
const EDIT_OPTIONS = { allowTrailingComma: true, allowEmptyContent: true, disallowComments: false };

/** Notepad saves a byte-order mark, which the JSON parser does not accept; it is kept as is. */
const BOM = '\uFEFF';

/** What may follow a property on its own line: its comma, then a comment. */
const REST_OF_LINE = /^[ \t]*(,?)[ \t]*(?:\/\/.*|\/\*.*\*\/[ \t]*)?$/;

/** How the file is laid out, so new lines look like their neighbours. */
interface Layout {
  readonly unit: string;
  readonly eol: string;
}

/** `text` with `name` set to `value` inside the object at `objectPath` (created when missing). */
export function setJsonProperty(
  text: string,
  objectPath: readonly string[],
  name: string,
  value: unknown,
): string {
  return keepingBom(text, (body) => {
    const layout = layoutOf(body);
    const root = parseTree(body, [], EDIT_OPTIONS);
    if (!root) return pretty(nest([...objectPath, name], value), '', layout) + layout.eol;
    let container = requireObject(root);
    for (const [index, key] of objectPath.entries()) {
      const child = findNodeAtLocation(container, [key]);
      if (!child) {
        const nested = nest([...objectPath.slice(index + 1), name], value);
        return applyEdits(body, insertion(body, container, key, nested, layout));
      }
      container = requireObject(child);
    }
    const existing = findNodeAtLocation(container, [name]);
    if (!existing) return applyEdits(body, insertion(body, container, name, value, layout));
    const start = existing.parent?.offset ?? existing.offset;
    // Written the way `insertion` would write it, so setting the same value twice changes nothing.
    const content = isInline(body, container, start)
      ? JSON.stringify(value)
      : pretty(value, lineIndent(body, start), layout);
    return applyEdits(body, [{ offset: existing.offset, length: existing.length, content }]);
  });
}

/** `text` without `name` in the object at `objectPath`; unchanged when it is not there. */
export function removeJsonProperty(text: string, objectPath: readonly string[], name: string): string {
  return keepingBom(text, (body) => {
    const root = parseTree(body, [], EDIT_OPTIONS);
    const container = root && findNodeAtLocation(root, [...objectPath]);
    if (container?.type !== 'object') return body;
    const property = findNodeAtLocation(container, [name])?.parent;
    if (!property) return body;
    return applyEdits(body, removal(body, container, property));
  });
}

/** Edits that add a property at the end of `object`, on its own line like its siblings. */
function insertion(text: string, object: Node, name: string, value: unknown, layout: Layout): Edit[] {
  const properties = object.children ?? [];
  const last = properties.at(-1);
  if (!last) {
    const indent = lineIndent(text, object.offset) + layout.unit;
    const property = `${indent}${JSON.stringify(name)}: ${pretty(value, indent, layout)}`;
    const inner = { offset: object.offset + 1, length: object.length - 2 };
    // Comments inside an empty object stay, after the new property.
    if (text.substr(inner.offset, inner.length).trim() !== '')
      return [{ offset: inner.offset, length: 0, content: layout.eol + property }];
    const closing = layout.eol + lineIndent(text, object.offset);
    return [{ ...inner, content: layout.eol + property + closing }];
  }
  const lastEnd = last.offset + last.length;
  if (isInline(text, object, last.offset)) {
    return [{ offset: lastEnd, length: 0, content: `, ${JSON.stringify(name)}: ${JSON.stringify(value)}` }];
  }
  const indent = lineIndent(text, last.offset);
  const property = `${indent}${JSON.stringify(name)}: ${pretty(value, indent, layout)}`;
  const lineEnd = lineEndOf(text, lastEnd);
  const rest = REST_OF_LINE.exec(text.slice(lastEnd, lineEnd));
  if (!rest) return [{ offset: lastEnd, length: 0, content: `,${layout.eol}${property}` }];
  // A trailing comma after the last sibling is the file's style: the new last property keeps one.
  if (rest[1] === ',') return [{ offset: lineEnd, length: 0, content: `${layout.eol}${property},` }];
  return [
    { offset: lastEnd, length: 0, content: ',' },
    { offset: lineEnd, length: 0, content: layout.eol + property },
  ];
}

/** Edits that remove `property` from `object`: its whole lines when it has lines of its own. */
function removal(text: string, object: Node, property: Node): Edit[] {
  const properties = object.children ?? [];
  const index = properties.indexOf(property);
  const start = property.offset;
  const end = start + property.length;
  const isLast = index === properties.length - 1;
  const lineEnd = lineEndOf(text, end);
  const rest = REST_OF_LINE.exec(text.slice(end, lineEnd));
  const ownLines =
    rest !== null &&
    startsLine(text, start) &&
    !onOneLine(text, object.offset, start) &&
    (isLast || rest[1] === ',');
  if (ownLines) {
    const lineStart = lineStartOf(text, start);
    const from = lineStart - (text[lineStart - 2] === '\r' ? 2 : 1);
    if (properties.length === 1) {
      const remaining =
        text.slice(object.offset + 1, from) + text.slice(lineEnd, object.offset + object.length - 1);
      if (remaining.trim() === '')
        return [{ offset: object.offset + 1, length: object.length - 2, content: '' }];
    }
    const edits: Edit[] = [{ offset: from, length: lineEnd - from, content: '' }];
    const previous = properties[index - 1];
    if (isLast && rest[1] !== ',' && previous) {
      // The property before becomes the last one and loses the comma that separated them.
      const comma = commaAfter(text, previous.offset + previous.length);
      if (comma !== undefined && comma < start) edits.push({ offset: comma, length: 1, content: '' });
    }
    return edits;
  }
  const previous = properties[index - 1];
  if (previous)
    return [
      {
        offset: previous.offset + previous.length,
        length: end - previous.offset - previous.length,
        content: '',
      },
    ];
  const next = properties[index + 1];
  if (next) return [{ offset: start, length: next.offset - start, content: '' }];
  return [{ offset: object.offset + 1, length: object.length - 2, content: '' }];
}

/** The offset of the first separating comma at or after `offset` (commas in comments do not count). */
function commaAfter(text: string, offset: number): number | undefined {
  let found: number | undefined;
  visit(
    text,
    {
      onSeparator: (character, at) => {
        if (character === ',' && at >= offset && found === undefined) found = at;
      },
    },
    EDIT_OPTIONS,
  );
  return found;
}

/** A property written on the line where its object opens, or after a sibling on the same line. */
function isInline(text: string, object: Node, propertyOffset: number): boolean {
  return !startsLine(text, propertyOffset) || onOneLine(text, object.offset, propertyOffset);
}

function layoutOf(text: string): Layout {
  const firstBreak = text.indexOf('\n');
  const eol = firstBreak > 0 && text[firstBreak - 1] === '\r' ? '\r\n' : '\n';
  const indented = /^([ \t]+)\S/m.exec(text)?.[1];
  const unit = indented === undefined ? '  ' : indented.startsWith('\t') ? '\t' : indented;
  return { unit, eol };
}

/** `value` as indented JSON whose later lines start at `indent`. */
function pretty(value: unknown, indent: string, layout: Layout): string {
  return JSON.stringify(value, null, layout.unit).replace(/\n/g, layout.eol + indent);
}

/** `{ a: { b: value } }` for the path `[a, b]`. */
function nest(path: readonly string[], value: unknown): unknown {
  return path.reduceRight<unknown>((inner, key) => ({ [key]: inner }), value);
}

function requireObject(node: Node): Node {
  if (node.type !== 'object') throw new Error(`Expected a JSON object at offset ${node.offset}`);
  return node;
}

function keepingBom(text: string, edit: (body: string) => string): string {
  return text.startsWith(BOM) ? BOM + edit(text.slice(1)) : edit(text);
}

function lineStartOf(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** Where the line holding `offset` ends, before its `\n` or `\r\n`. */
function lineEndOf(text: string, offset: number): number {
  const newline = text.indexOf('\n', offset);
  if (newline < 0) return text.length;
  return text[newline - 1] === '\r' ? newline - 1 : newline;
}

function lineIndent(text: string, offset: number): string {
  return /^[ \t]*/.exec(text.slice(lineStartOf(text, offset), offset))?.[0] ?? '';
}

function startsLine(text: string, offset: number): boolean {
  return text.slice(lineStartOf(text, offset), offset).trim() === '';
}

function onOneLine(text: string, from: number, to: number): boolean {
  return !text.slice(from, to).includes('\n');
}
