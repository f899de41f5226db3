import { describe, expect, it } from 'vitest';
import { AjvJsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/ajv';
import {
  cutText,
  DESCRIPTION_BUDGET,
  trimSchema,
  trimTool,
  withoutUnusedDefinitions,
} from '../../../../shared/gateway/catalog/budget/trim-definition.js';
import { retrievalCatalog } from '../../../fixtures/retrieval/retrieval-catalog.js';

const EXPLANATORY = new Set([
  'description',
  'examples',
  'example',
  '$comment',
  'markdownDescription',
  'enumDescriptions',
  'markdownEnumDescriptions',
]);

/** The schema with every explanatory keyword gone, at keyword positions only. */
function validationOnly(schema: unknown, inProperties = false): unknown {
  if (Array.isArray(schema)) return schema.map((item) => validationOnly(item));
  if (!schema || typeof schema !== 'object') return schema;
  return Object.fromEntries(
    Object.entries(schema as Record<string, unknown>)
      .filter(([key]) => inProperties || !EXPLANATORY.has(key))
      .map(([key, value]) => [
        key,
        inProperties
          ? validationOnly(value)
          : ['enum', 'const', 'default', 'required'].includes(key)
            ? value
            : validationOnly(
                value,
                ['properties', 'patternProperties', '$defs', 'definitions'].includes(key),
              ),
      ]),
  );
}

describe('trimmed definitions', () => {
  const tools = retrievalCatalog().tools;

  it('keep every validation keyword of every real tool, so calls mean the same', () => {
    for (const tool of tools) {
      const trimmed = trimTool(tool);
      expect(validationOnly(trimmed.inputSchema), tool.name).toEqual(
        validationOnly(withoutUnusedDefinitions(tool.inputSchema)),
      );
      expect(validationOnly(trimmed.outputSchema), tool.name).toEqual(
        validationOnly(withoutUnusedDefinitions(tool.outputSchema)),
      );
      expect({ ...trimmed, description: 0, inputSchema: 0, outputSchema: 0 }).toEqual({
        ...tool,
        description: 0,
        inputSchema: 0,
        outputSchema: 0,
      });
    }
  });

  it('drop only definitions no reference reaches: every trimmed schema still compiles', () => {
    const validator = new AjvJsonSchemaValidator();
    let pruned = 0;
    for (const tool of tools) {
      const trimmed = trimTool(tool);
      expect(() => validator.getValidator(trimmed.inputSchema as never), tool.name).not.toThrow();
      if (JSON.stringify(trimmed.inputSchema).length < JSON.stringify(trimSchema(tool.inputSchema)).length)
        pruned++;
    }
    expect(pruned).toBeGreaterThan(10);
  });

  it('keeps definitions reached through other definitions, and all of them when a reference is not plain', () => {
    const schema = {
      type: 'object',
      properties: { a: { $ref: '#/$defs/a' } },
      $defs: { a: { $ref: '#/$defs/b' }, b: { type: 'string' }, unused: { type: 'number' } },
    };
    expect(withoutUnusedDefinitions(schema)).toEqual({
      ...schema,
      $defs: { a: { $ref: '#/$defs/b' }, b: { type: 'string' } },
    });
    const escaped = { ...schema, properties: { a: { $ref: '#/$defs/x~1y' } } };
    expect(withoutUnusedDefinitions(escaped)).toBe(escaped);
    const remote = { ...schema, properties: { a: { $ref: 'https://example.com/s.json' } } };
    expect(withoutUnusedDefinitions(remote)).toBe(remote);
  });

  it('cut descriptions to the budget, marked with an ellipsis', () => {
    const long = tools.filter((tool) => String(tool.description).length > DESCRIPTION_BUDGET);
    expect(long.length).toBeGreaterThan(10);
    for (const tool of long) {
      const description = String(trimTool(tool).description);
      expect(description.length).toBeLessThanOrEqual(DESCRIPTION_BUDGET + 2);
      expect(description).toMatch(/…$/);
    }
  });

  it('removes examples but keeps a parameter that happens to be called "examples"', () => {
    const schema = {
      type: 'object',
      properties: {
        examples: { type: 'array', examples: [['a']], $comment: 'why' },
        mode: { type: 'string', enum: ['a', 'b'], enumDescriptions: ['first', 'second'], default: 'a' },
      },
      required: ['examples'],
    };
    expect(trimSchema(schema)).toEqual({
      type: 'object',
      properties: { examples: { type: 'array' }, mode: { type: 'string', enum: ['a', 'b'], default: 'a' } },
      required: ['examples'],
    });
  });

  it('cuts at a sentence end when one is near, else at a word', () => {
    expect(cutText('Short.', 20, '+')).toBe('Short.');
    expect(cutText('One sentence here. Another that runs on and on.', 30, '+')).toBe('One sentence here. …+');
    expect(cutText('words words words words words words', 20, '+')).toBe('words words words…+');
  });
});
