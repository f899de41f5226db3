import { describe, expect, it } from 'vitest';
import { Catalog, type CatalogSource } from '../../../../shared/gateway/catalog/catalog.js';
import type { UpstreamLists } from '../../../../shared/gateway/upstream/model.js';

function source(server: string, lists: Partial<UpstreamLists>, servesResources = true): CatalogSource {
  return {
    server,
    servesResources,
    lists: { tools: [], prompts: [], resources: [], resourceTemplates: [], ...lists },
  };
}

const tool = (name: string) => ({ name, inputSchema: { type: 'object' } });

describe('Catalog', () => {
  it('prefixes every name in "always" mode and routes back', () => {
    const catalog = new Catalog(
      [source('a', { tools: [tool('x')] }), source('b', { tools: [tool('y')] })],
      'always',
    );
    expect(catalog.tools.map((t) => t.name)).toEqual(['a__x', 'b__y']);
    expect(catalog.tool('a__x')).toMatchObject({ server: 'a', name: 'x' });
    expect(catalog.tool('x')).toBeUndefined();
    expect(catalog.tools[0]).toMatchObject({ inputSchema: { type: 'object' } });
  });

  it('prefixes only colliding names in "on-collision" mode', () => {
    const catalog = new Catalog(
      [source('a', { tools: [tool('shared'), tool('only_a')] }), source('b', { tools: [tool('shared')] })],
      'on-collision',
    );
    expect(catalog.tools.map((t) => t.name)).toEqual(['a__shared', 'only_a', 'b__shared']);
    expect(catalog.tool('b__shared')).toMatchObject({ server: 'b', name: 'shared' });
  });

  it('gives two upstream names that clean up alike distinct, stable names', () => {
    const build = () =>
      new Catalog([source('s', { tools: [tool('a.b'), tool('a_b_x'), tool('a b')] })], 'on-collision');
    const names = build().tools.map((t) => t.name);
    expect(new Set(names).size).toBe(3);
    expect(build().tools.map((t) => t.name)).toEqual(names);
  });

  it('skips list entries without a name instead of failing the whole list', () => {
    const catalog = new Catalog(
      [source('s', { tools: [tool('ok'), { name: '' } as never, {} as never] })],
      'always',
    );
    expect(catalog.tools.map((t) => t.name)).toEqual(['s__ok']);
  });

  it('routes resources by prefix, listed URI, template, and lone resource server', () => {
    const catalog = new Catalog(
      [
        source('docs', {
          resources: [{ uri: 'file:///readme' }],
          resourceTemplates: [{ uriTemplate: 'docs://page/{id}' }],
        }),
        source('tools-only', {}, false),
      ],
      'always',
    );
    expect(catalog.resources[0]?.uri).toBe('gatehouse://docs/file:///readme');
    expect(catalog.resource('gatehouse://docs/file:///readme')).toEqual({
      server: 'docs',
      uri: 'file:///readme',
    });
    expect(catalog.resource('gatehouse://docs/docs://page/7')).toEqual({
      server: 'docs',
      uri: 'docs://page/7',
    });
    expect(catalog.resource('docs://page/7')).toEqual({ server: 'docs', uri: 'docs://page/7' });
    expect(catalog.resource('other://thing')).toEqual({ server: 'docs', uri: 'other://thing' });
    expect(catalog.template('gatehouse://docs/docs://page/{id}')).toEqual({
      server: 'docs',
      uri: 'docs://page/{id}',
    });
  });

  it('refuses to guess the server of a bare URI when several serve resources', () => {
    const catalog = new Catalog([source('a', {}), source('b', {})], 'on-collision');
    expect(catalog.resource('unknown://x')).toBeUndefined();
  });

  it('passes unique resource URIs through in "on-collision" mode and prefixes shared ones', () => {
    const catalog = new Catalog(
      [
        source('a', { resources: [{ uri: 'mem://1' }, { uri: 'mem://a' }] }),
        source('b', { resources: [{ uri: 'mem://1' }] }),
      ],
      'on-collision',
    );
    expect(catalog.resources.map((r) => r.uri)).toEqual([
      'gatehouse://a/mem://1',
      'mem://a',
      'gatehouse://b/mem://1',
    ]);
    expect(catalog.exposedResourceUri('a', 'mem://a')).toBe('mem://a');
    expect(catalog.exposedResourceUri('b', 'mem://1')).toBe('gatehouse://b/mem://1');
  });

  const appTool = (name: string, view: string, extra: Record<string, unknown> = {}) => ({
    name,
    inputSchema: { type: 'object' },
    _meta: { ui: { resourceUri: view, visibility: ['model', 'app'], ...extra }, 'ui/resourceUri': view },
  });

  it('rewrites the view URIs a tool names to the URIs the catalog exposes and routes back', () => {
    const catalog = new Catalog(
      [
        source('a', {
          tools: [appTool('show', 'ui://v/app.html', { 'x-hint': 1 })],
          resources: [{ uri: 'ui://v/app.html' }],
        }),
        source('b', { tools: [appTool('show', 'ui://v/app.html')] }),
      ],
      'on-collision',
    );
    const meta = catalog.tools.map((tool) => (tool as unknown as { _meta: unknown })._meta);
    expect(meta).toEqual([
      {
        ui: { resourceUri: 'ui://a/v/app.html', visibility: ['model', 'app'], 'x-hint': 1 },
        'ui/resourceUri': 'ui://a/v/app.html',
      },
      {
        ui: { resourceUri: 'ui://b/v/app.html', visibility: ['model', 'app'] },
        'ui/resourceUri': 'ui://b/v/app.html',
      },
    ]);
    // b does not list its view; it is readable all the same, and listed only where a server lists it.
    expect(catalog.resource('ui://b/v/app.html')).toEqual({ server: 'b', uri: 'ui://v/app.html' });
    expect(catalog.resources.map((r) => r.uri)).toEqual(['ui://a/v/app.html']);
    expect(catalog.toolsByUpstreamName('show').map((route) => route.server)).toEqual(['a', 'b']);
  });

  it('leaves a view URI only one server names unchanged in "on-collision" mode', () => {
    const catalog = new Catalog(
      [source('a', { tools: [appTool('show', 'ui://v/app.html')] })],
      'on-collision',
    );
    expect(
      (catalog.tools[0] as unknown as { _meta: { ui: { resourceUri: string } } })._meta.ui.resourceUri,
    ).toBe('ui://v/app.html');
    expect(catalog.resource('ui://v/app.html')).toEqual({ server: 'a', uri: 'ui://v/app.html' });
  });

  it('gives a URI whose exposed form another server already holds the unambiguous gatehouse:// form', () => {
    // Server "a" (prefixed, its view named by two servers) and server "z", whose own bare URI
    // happens to read like a's prefixed one.
    const catalog = new Catalog(
      [
        source('a', { resources: [{ uri: 'ui://x' + '/v.html' }] }),
        source('b', { resources: [{ uri: 'ui://x/v.html' }] }),
        source('z', { resources: [{ uri: 'ui://a/x/v.html' }] }),
      ],
      'on-collision',
    );
    expect(catalog.resources.map((r) => r.uri)).toEqual([
      'ui://a/x/v.html',
      'ui://b/x/v.html',
      'gatehouse://z/ui://a/x/v.html',
    ]);
    expect(catalog.resource('gatehouse://z/ui://a/x/v.html')).toEqual({
      server: 'z',
      uri: 'ui://a/x/v.html',
    });
    expect(catalog.exposedResourceUri('z', 'ui://a/x/v.html')).toBe('gatehouse://z/ui://a/x/v.html');
  });

  it('routes a bare URI a server named in an answer through the learned routes', () => {
    const catalog = new Catalog([source('a', {}), source('b', {})], 'on-collision');
    const learned = (uri: string) => (uri === 'file:///out.txt' ? { server: 'b', uri } : undefined);
    expect(catalog.resource('file:///out.txt')).toBeUndefined();
    expect(catalog.resource('file:///out.txt', learned)).toEqual({ server: 'b', uri: 'file:///out.txt' });
  });
});
