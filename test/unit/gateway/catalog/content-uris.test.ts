import { describe, expect, it } from 'vitest';
import {
  exposePromptResultUris,
  exposeReadResultUris,
  exposeToolResultUris,
} from '../../../../shared/gateway/catalog/content-uris.js';
import { ResultUriRoutes } from '../../../../shared/gateway/catalog/result-uri-routes.js';

const expose = (uri: string) => `gatehouse://s/${uri}`;

describe('URIs inside answers', () => {
  it('rewrites resource links and embedded resources in a tool result, and nothing else', () => {
    const result = {
      content: [
        { type: 'text', text: 'see file:///a', 'x-odd': 1 },
        { type: 'resource_link', uri: 'file:///a', name: 'a', 'x-link': true },
        { type: 'resource', resource: { uri: 'file:///b', text: 'b', 'x-e': 2 }, _meta: { k: 1 } },
      ],
      structuredContent: { uri: 'file:///a' },
      'x-result': [1],
    };
    expect(exposeToolResultUris(result, expose)).toEqual({
      content: [
        { type: 'text', text: 'see file:///a', 'x-odd': 1 },
        { type: 'resource_link', uri: 'gatehouse://s/file:///a', name: 'a', 'x-link': true },
        {
          type: 'resource',
          resource: { uri: 'gatehouse://s/file:///b', text: 'b', 'x-e': 2 },
          _meta: { k: 1 },
        },
      ],
      structuredContent: { uri: 'file:///a' },
      'x-result': [1],
    });
  });

  it('returns the same object when nothing changes, and tolerates odd shapes', () => {
    const same = { content: [{ type: 'text', text: 'x' }, null, 7, { type: 'resource' }] };
    expect(exposeToolResultUris(same, expose)).toBe(same);
    const noContent = { isError: true };
    expect(exposeToolResultUris(noContent, expose)).toBe(noContent);
    const identity = { content: [{ type: 'resource_link', uri: 'u' }] };
    expect(exposeToolResultUris(identity, (uri) => uri)).toBe(identity);
  });

  it('rewrites prompt messages with one content block or several', () => {
    const result = {
      messages: [
        { role: 'user', content: { type: 'resource_link', uri: 'a://1' } },
        { role: 'user', content: [{ type: 'resource', resource: { uri: 'a://2' } }] },
        { role: 'assistant', content: { type: 'text', text: 'a://3' } },
      ],
    };
    expect(exposePromptResultUris(result, expose).messages).toEqual([
      { role: 'user', content: { type: 'resource_link', uri: 'gatehouse://s/a://1' } },
      { role: 'user', content: [{ type: 'resource', resource: { uri: 'gatehouse://s/a://2' } }] },
      { role: 'assistant', content: { type: 'text', text: 'a://3' } },
    ]);
  });

  it('rewrites contents[].uri of a read', () => {
    const result = { contents: [{ uri: 'a://1', text: 'x' }, { blob: 'AA' }], 'x-read': 1 };
    expect(exposeReadResultUris(result, expose)).toEqual({
      contents: [{ uri: 'gatehouse://s/a://1', text: 'x' }, { blob: 'AA' }],
      'x-read': 1,
    });
  });
});

describe('ResultUriRoutes', () => {
  it('remembers which server named a URI, refuses a second claimant, and forgets the oldest', () => {
    const routes = new ResultUriRoutes(2);
    expect(routes.learn('a', 'x://1')).toBe(true);
    expect(routes.learn('b', 'x://1')).toBe(false);
    expect(routes.route('x://1')).toEqual({ server: 'a', uri: 'x://1' });
    routes.learn('a', 'x://2');
    routes.learn('a', 'x://1'); // used again: now the youngest
    routes.learn('a', 'x://3');
    expect(routes.size).toBe(2);
    expect(routes.route('x://2')).toBeUndefined();
    expect(routes.route('x://1')).toBeDefined();
  });
});
