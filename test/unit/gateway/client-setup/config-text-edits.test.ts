import fc from 'fast-check';
import { parse as parseJsonc } from 'jsonc-parser';
import { parse as parseToml } from 'smol-toml';
import { describe, expect, it } from 'vitest';
import { changeDiff } from '../../../../shared/gateway/clients/setup/change-diff.js';
import {
  removeJsonProperty,
  setJsonProperty,
} from '../../../../shared/gateway/clients/setup/jsonc-entries.js';
import {
  removeTomlTable,
  setTomlTable,
  tomlEditIsExact,
} from '../../../../shared/gateway/clients/setup/toml-entries.js';

const ENTRY = { url: 'http://127.0.0.1:4283/mcp', headers: { Authorization: 'Bearer tok_123456' } };
const PATH = ['mcp_servers', 'gatehouse'] as const;

/** Sets, sets again, removes: returns the three texts. */
function jsonRoundTrip(text: string, objectPath: string[] = ['mcpServers']) {
  const added = setJsonProperty(text, objectPath, 'gatehouse', ENTRY);
  return {
    added,
    again: setJsonProperty(added, objectPath, 'gatehouse', ENTRY),
    removed: removeJsonProperty(added, objectPath, 'gatehouse'),
  };
}

describe('JSON and JSONC edits', () => {
  it.each([
    ['a one-line object', '{"mcpServers": {"a": {"command": "x"}}}'],
    ['tabs and CRLF', '{\r\n\t"mcpServers": {\r\n\t\t"a": { "command": "x" } // note\r\n\t}\r\n}\r\n'],
    ['a byte-order mark', '\uFEFF{\n  "mcpServers": {\n    "a": { "command": "x" }\n  }\n}\n'],
    ['comments between siblings', '{\n  "mcpServers": {\n    "a": 1 /* x, y */ , // z\n    "b": 2\n  }\n}\n'],
    ['an empty map', '{\n  "mcpServers": {}\n}\n'],
    ['an empty map holding a comment', '{\n  "mcpServers": {\n    // none yet\n  }\n}\n'],
  ])('adds once, idempotently, and removes back to the original with %s', (_, text) => {
    const { added, again, removed } = jsonRoundTrip(text);
    expect(
      parseJsonc(added.replace(/^\uFEFF/, ''), [], { allowTrailingComma: true }).mcpServers.gatehouse,
    ).toEqual(ENTRY);
    expect(again).toBe(added);
    expect(removed).toBe(text);
  });

  it('writes a one-line entry into a one-line object and keeps CRLF elsewhere', () => {
    expect(jsonRoundTrip('{"mcpServers": {"a": 1}}').added).toBe(
      '{"mcpServers": {"a": 1, "gatehouse": {"url":"http://127.0.0.1:4283/mcp","headers":{"Authorization":"Bearer tok_123456"}}}}',
    );
    expect(jsonRoundTrip('{\r\n  "x": 1\r\n}\r\n').added.replace(/\r\n/g, '')).not.toContain('\n');
  });

  it('creates the map, or the whole document, when missing', () => {
    expect(jsonRoundTrip('').added).toBe(
      `${JSON.stringify({ mcpServers: { gatehouse: ENTRY } }, null, 2)}\n`,
    );
    expect(jsonRoundTrip('{\n    "theme": "dark"\n}\n').added).toBe(
      `{\n    "theme": "dark",\n    "mcpServers": ${JSON.stringify({ gatehouse: ENTRY }, null, 4).replace(/\n/g, '\n    ')}\n}\n`,
    );
  });

  it('round-trips any pretty-printed map, with or without trailing commas and comments', () => {
    const value = fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.array(fc.string(), { maxLength: 3 }));
    const servers = fc.dictionary(
      fc.string({ minLength: 1, maxLength: 8 }).filter((key) => key !== 'gatehouse'),
      fc.dictionary(fc.string({ maxLength: 5 }), value, { maxKeys: 3 }),
      { maxKeys: 4 },
    );
    fc.assert(
      fc.property(
        servers,
        fc.constantFrom(2, 4, '\t'),
        fc.boolean(),
        fc.boolean(),
        (map, indent, trailingCommas, comments) => {
          let text = JSON.stringify({ before: true, mcpServers: map, after: [1] }, null, indent);
          if (comments) text = text.replace(/,\n/g, ', // note\n');
          if (trailingCommas)
            text = text
              .replace(/(\S)\n(\s*)([}\]])/g, '$1,\n$2$3')
              .replace(/\{,\n/g, '{\n')
              .replace(/\[,\n/g, '[\n');
          const { added, again, removed } = jsonRoundTrip(text);
          const parsed = parseJsonc(added, [], { allowTrailingComma: true });
          expect(parsed.mcpServers).toEqual({ ...map, gatehouse: ENTRY });
          expect(again).toBe(added);
          expect(removed).toBe(text);
        },
      ),
    );
  });
});

describe('TOML edits', () => {
  it.each([
    ['no final line break', 'model = "o3"'],
    ['an empty file', ''],
    ['extra blank lines at the end', 'x = 1\n\n'],
    ['a multi-line string that looks like a header', 'note = """\n[mcp_servers.gatehouse]\n"""\n'],
    ['CRLF line endings', '[a]\r\nb = 1\r\n'],
  ])('appends and removes back to the original with %s', (_, text) => {
    const added = setTomlTable(text, PATH, ENTRY);
    expect(tomlEditIsExact(text, added, PATH, ENTRY)).toBe(true);
    expect(setTomlTable(added, PATH, ENTRY)).toBe(added);
    expect(removeTomlTable(added, PATH)).toBe(text);
  });

  it('removes a table with its sub-tables and quoted names, keeping what follows', () => {
    const text = [
      '[mcp_servers."my.server"]',
      'command = "x"',
      '[mcp_servers."my.server".env]',
      'A = "b"',
      '',
      '# kept: describes [other]',
      '[other]',
      'y = 1',
      '',
    ].join('\n');
    expect(removeTomlTable(text, ['mcp_servers', 'my.server'])).toBe(
      '# kept: describes [other]\n[other]\ny = 1\n',
    );
  });

  it('replaces an existing table in place', () => {
    const text = '[mcp_servers.gatehouse]\nurl = "http://old/mcp"\n\n[other]\ny = 1\n';
    expect(setTomlTable(text, PATH, { url: 'http://new/mcp' })).toBe(
      '[mcp_servers.gatehouse]\nurl = "http://new/mcp"\n\n[other]\ny = 1\n',
    );
  });

  it('writes values smol-toml reads back, escapes included', () => {
    const value = {
      command: 'C:\\Program Files\\node.exe',
      args: ['a "quoted" arg', 'tab\there'],
      env: { 'DOTTED.KEY': 'x' },
    };
    const text = setTomlTable('', ['mcp_servers', 'odd name'], value);
    expect(parseToml(text)).toEqual({ mcp_servers: { 'odd name': value } });
  });

  it('round-trips files made of other tables with comments', () => {
    const key = fc.stringMatching(/^[a-z][a-z0-9_]{0,6}$/);
    const table = fc.record({
      name: key,
      comment: fc.boolean(),
      keys: fc.dictionary(key, fc.oneof(fc.integer(), fc.string({ maxLength: 6 }))),
    });
    fc.assert(
      fc.property(
        fc.uniqueArray(table, { selector: (t) => t.name, maxLength: 4 }),
        fc.boolean(),
        (tables, finalBreak) => {
          let text = tables
            .map(
              (t) =>
                `${t.comment ? '# about it\n' : ''}[${t.name}]\n${Object.entries(t.keys)
                  .map(([k, v]) => `${k} = ${JSON.stringify(v)}`)
                  .join('\n')}`,
            )
            .join('\n\n');
          if (finalBreak && text !== '') text += '\n';
          const added = setTomlTable(text, PATH, ENTRY);
          expect(tomlEditIsExact(text, added, PATH, ENTRY)).toBe(true);
          expect(removeTomlTable(added, PATH)).toBe(text);
        },
      ),
    );
  });
});

describe('change diff', () => {
  it('shows only changed lines with context, tokens and credential values masked', () => {
    const before = 'a\nb\nc\nd\ne\nf\ng\n';
    const after = 'a\nb\nc\nd\n"api_key": "sk-live-1234"\nx = "Bearer abcdefghijkl"\ne\nf\ng\n';
    expect(changeDiff(before, after, ['sk-live-1234'])).toEqual([
      { op: 'context', text: 'c' },
      { op: 'context', text: 'd' },
      { op: 'added', text: '"api_key": "[redacted]"' },
      { op: 'added', text: 'x = "Bearer [redacted]"' },
      { op: 'context', text: 'e' },
      { op: 'context', text: 'f' },
    ]);
  });

  it('keeps lines between two removals as context', () => {
    expect(changeDiff('1\n2\n3\n', '2\n', []).map((line) => `${line.op} ${line.text}`)).toEqual([
      'removed 1',
      'context 2',
      'removed 3',
    ]);
  });
});
