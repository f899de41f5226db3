import { describe, expect, it } from 'vitest';
import {
  decodeParamValue,
  encodeParamValue,
  paramHeaderDeclarations,
  paramHeaderProblem,
  paramHeaders,
} from '../../../../shared/gateway/protocol/mcp-param-headers.js';

const schema = {
  type: 'object',
  properties: {
    region: { type: 'string', 'x-mcp-header': 'Region' },
    limit: { type: 'integer', 'x-mcp-header': 'Limit' },
    options: { type: 'object', properties: { dry: { type: 'boolean', 'x-mcp-header': 'Dry' } } },
    query: { type: 'string' },
    // Not reachable through `properties` alone: not a declaration.
    list: { type: 'array', items: { type: 'string', 'x-mcp-header': 'Item' } },
  },
};

describe('Mcp-Param headers', () => {
  const declarations = paramHeaderDeclarations(schema);

  it('finds declarations only along chains of properties', () => {
    expect(declarations).toEqual([
      { path: ['region'], name: 'Region' },
      { path: ['limit'], name: 'Limit' },
      { path: ['options', 'dry'], name: 'Dry' },
    ]);
    expect(paramHeaderDeclarations({ type: 'object' })).toEqual([]);
  });

  it('encodes as the spec says: plain ASCII as is, anything else in the Base64 sentinel', () => {
    expect(encodeParamValue('us-west1')).toBe('us-west1');
    expect(encodeParamValue(42)).toBe('42');
    expect(encodeParamValue(false)).toBe('false');
    expect(encodeParamValue('Hello, 世界')).toBe('=?base64?SGVsbG8sIOS4lueVjA==?=');
    expect(encodeParamValue(' padded ')).toBe('=?base64?IHBhZGRlZCA=?=');
    expect(encodeParamValue('line1\nline2')).toBe('=?base64?bGluZTEKbGluZTI=?=');
    expect(encodeParamValue('=?base64?literal?=')).toBe('=?base64?PT9iYXNlNjQ/bGl0ZXJhbD89?=');
    expect(decodeParamValue('=?base64?SGVsbG8sIOS4lueVjA==?=')).toBe('Hello, 世界');
    expect(decodeParamValue('=?base64?not base64!?=')).toBeUndefined();
  });

  it('builds the headers of a call, leaving out absent and null arguments', () => {
    expect(
      paramHeaders(declarations, { region: 'eu', limit: 5, options: { dry: true }, query: 'x' }),
    ).toEqual({
      'Mcp-Param-Region': 'eu',
      'Mcp-Param-Limit': '5',
      'Mcp-Param-Dry': 'true',
    });
    expect(paramHeaders(declarations, { region: null })).toEqual({});
  });

  it('checks what a client sent against the body', () => {
    const args = { region: 'Zürich', limit: 42 };
    const good = { 'mcp-param-region': '=?base64?WsO8cmljaA==?=', 'mcp-param-limit': '42.0' };
    expect(paramHeaderProblem(declarations, args, good)).toBeUndefined();
    expect(paramHeaderProblem(declarations, args, { 'mcp-param-limit': '42' })?.header).toBe(
      'Mcp-Param-Region',
    );
    expect(paramHeaderProblem(declarations, args, { ...good, 'mcp-param-limit': '43' })?.sentence).toMatch(
      /says "43"/,
    );
    expect(
      paramHeaderProblem(declarations, args, { ...good, 'mcp-param-region': '=?base64?%%?=' })?.sentence,
    ).toMatch(/invalid/);
    // An argument the call does not carry needs no header.
    expect(paramHeaderProblem(declarations, {}, {})).toBeUndefined();
  });
});
