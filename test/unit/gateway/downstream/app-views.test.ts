import { describe, expect, it } from 'vitest';
import { Catalog, type CatalogSource } from '../../../../shared/gateway/catalog/catalog.js';
import type { Caller } from '../../../../shared/gateway/downstream/caller.js';
import {
  resolveToolCall,
  toolsForCaller,
  viewReadRefusal,
  withoutViewHint,
} from '../../../../shared/gateway/downstream/app-views.js';
import { declaredCapabilities } from '../../../../shared/gateway/downstream/server-capabilities.js';
import { NO_FEATURES } from '../../../../shared/gateway/upstream/upstream-lists.js';

function source(server: string, tools: object[], resources: object[] = []): CatalogSource {
  return {
    server,
    servesResources: resources.length > 0,
    lists: { tools, prompts: [], resources, resourceTemplates: [] } as never,
  };
}

const view = (uri: string, visibility?: string[]) => ({
  _meta: { ui: { resourceUri: uri, ...(visibility ? { visibility } : {}) } },
});
const tool = (name: string, extra: object = {}) => ({ name, inputSchema: { type: 'object' }, ...extra });
const caller = (views: boolean) => ({ showsAppViews: () => views }) as unknown as Caller;

const catalog = new Catalog(
  [
    source('a', [
      tool('get-time', view('ui://t/app.html')),
      tool('refresh', view('ui://t/app.html', ['app'])),
    ]),
    source('b', [tool('get-time', view('ui://t/app.html')), tool('plain')]),
  ],
  'always',
);

describe('calls from views', () => {
  it('routes an exposed name as usual, and a server’s own name when only one server has it', () => {
    expect(resolveToolCall(catalog, caller(false), 'a__get-time', undefined)).toMatchObject({
      route: { server: 'a', name: 'get-time' },
      fromView: false,
    });
    expect(resolveToolCall(catalog, caller(false), 'plain', undefined)?.route.server).toBe('b');
    expect(resolveToolCall(catalog, caller(false), 'nothing', undefined)).toBeUndefined();
  });

  it('refuses to guess between servers, unless the host names the view', () => {
    expect(() => resolveToolCall(catalog, caller(true), 'get-time', undefined)).toThrow(
      /Several servers behind Gatehouse have a tool named "get-time" \("a", "b"\)/,
    );
    const hinted = resolveToolCall(catalog, caller(true), 'get-time', {
      'gatehouse/view': { resourceUri: 'ui://b/t/app.html' },
    });
    expect(hinted).toMatchObject({ route: { server: 'b' }, fromView: true });
  });

  it('lets only clients that show views call or see app-only tools', () => {
    expect(resolveToolCall(catalog, caller(false), 'refresh', undefined)).toBeUndefined();
    expect(resolveToolCall(catalog, caller(true), 'refresh', undefined)).toMatchObject({
      route: { server: 'a', name: 'refresh' },
      fromView: true,
    });
    expect(toolsForCaller(catalog.tools, caller(false)).map((t) => t.name)).not.toContain('a__refresh');
    expect(toolsForCaller(catalog.tools, caller(true)).map((t) => t.name)).toContain('a__refresh');
  });

  it('takes the view hint off before the call goes upstream', () => {
    expect(withoutViewHint({ 'gatehouse/view': {}, progressToken: 1 })).toEqual({ progressToken: 1 });
    expect(withoutViewHint({ 'gatehouse/view': {} })).toBeUndefined();
    expect(withoutViewHint(undefined)).toBeUndefined();
  });
});

describe('reading views', () => {
  const route = { server: 'a', uri: 'ui://t/app.html' };
  it('needs one of the tools that name the view among those the client may use', () => {
    const all = () => catalog.tools;
    expect(viewReadRefusal(catalog, route, all)).toBeUndefined();
    const onlyB = () => catalog.tools.filter((t) => t.name.startsWith('b__'));
    expect(viewReadRefusal(catalog, route, onlyB)).toMatch(/may not use the tools of "a"/);
  });

  it('leaves other resources to the usual rules', () => {
    expect(viewReadRefusal(catalog, { server: 'a', uri: 'file:///x' }, () => [])).toBeUndefined();
  });
});

describe('declared capabilities', () => {
  it('adds the servers’ extensions, and MCP Apps when a tool names a view', () => {
    const declared = declaredCapabilities(
      [{ features: { ...NO_FEATURES, extensions: { 'com.example/x': { v: 1 } } } }],
      catalog,
    );
    expect(declared.extensions).toEqual({ 'com.example/x': { v: 1 }, 'io.modelcontextprotocol/ui': {} });
    const plain = declaredCapabilities(
      [{ features: NO_FEATURES }],
      new Catalog([source('p', [tool('x')])], 'always'),
    );
    expect(plain.extensions).toBeUndefined();
  });
});
