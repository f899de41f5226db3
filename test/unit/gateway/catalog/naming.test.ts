import { describe, expect, it } from 'vitest';
import {
  exposedName,
  exposedUri,
  nameHash,
  parsePrefixedUri,
} from '../../../../shared/gateway/catalog/naming.js';

const VALID = /^[A-Za-z0-9_-]{1,64}$/;

describe('exposedName', () => {
  it.each([
    ['github', 'create_issue', true, 'github__create_issue'],
    ['github', 'create_issue', false, 'create_issue'],
    ['my-server', 'run-it', true, 'my-server__run-it'],
  ])('%s / %s (prefixed: %s) → %s', (server, name, prefixed, expected) => {
    expect(exposedName(server, name, prefixed)).toBe(expected);
  });

  it('cleans invalid characters and adds a hash of the original', () => {
    const name = exposedName('files.local', 'read file', true);
    expect(name).toMatch(VALID);
    expect(name).toBe(`files_local__read_file_${nameHash('files.local', 'read file')}`);
  });

  it('shortens names over 64 characters deterministically', () => {
    const long = 'a'.repeat(80);
    const first = exposedName('server', long, true);
    expect(first).toHaveLength(64);
    expect(first).toMatch(VALID);
    expect(exposedName('server', long, true)).toBe(first);
    expect(exposedName('other', long, true)).not.toBe(first);
  });

  it('keeps names that differ only after the cut apart', () => {
    const base = 'x'.repeat(70);
    expect(exposedName('s', `${base}1`, false)).not.toBe(exposedName('s', `${base}2`, false));
  });
});

describe('resource URIs', () => {
  it('prefixes and parses back, including URIs that contain slashes and colons', () => {
    const uri = exposedUri('everything', 'test://static/resource/1', true);
    expect(uri).toBe('gatehouse://everything/test://static/resource/1');
    expect(parsePrefixedUri(uri)).toEqual({ server: 'everything', uri: 'test://static/resource/1' });
  });

  it('passes URIs through when not prefixed, and rejects malformed prefixed ones', () => {
    expect(exposedUri('s', 'file:///tmp/x', false)).toBe('file:///tmp/x');
    expect(parsePrefixedUri('file:///tmp/x')).toBeUndefined();
    expect(parsePrefixedUri('gatehouse://no-slash')).toBeUndefined();
    expect(parsePrefixedUri('gatehouse://%E0%A4%A/x')).toBeUndefined();
  });

  it('keeps the ui:// scheme of MCP Apps views and puts the server first in the path', () => {
    const uri = exposedUri('my server', 'ui://get-time/mcp-app.html', true);
    expect(uri).toBe('ui://my%20server/get-time/mcp-app.html');
    expect(parsePrefixedUri(uri)).toEqual({ server: 'my server', uri: 'ui://get-time/mcp-app.html' });
    expect(exposedUri('s', 'ui://v/x.html', false)).toBe('ui://v/x.html');
    expect(parsePrefixedUri('ui://only-server')).toBeUndefined();
    expect(parsePrefixedUri('ui://server/')).toBeUndefined();
  });
});
