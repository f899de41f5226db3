/**
 * Context budget: how each client's catalog is shaped (`catalogs` in config.json) and what its
 * tools/list costs in tokens, as the Tools page and `gatehouse status` show it.
 */
import { z } from 'zod';
import { ClientKindSchema } from './client-record.js';

/**
 * `full`: every tool the client may use is listed (the default). `search`: the client sees a
 * search tool, a call tool and the tools pinned as always visible; the rest are found by search.
 */
export const CatalogModeSchema = z.enum(['full', 'search']);

/** One client's entry in `catalogs`. */
export const ClientCatalogConfigSchema = z.looseObject({
  mode: CatalogModeSchema.default('full'),
  /** In `full` mode: descriptions cut to a budget and verbose schema parts left out. */
  trimmed: z.boolean().default(false),
  /** Tool keys (`server/tool`) listed even in `search` mode. */
  pinned: z.array(z.string().min(1)).default([]),
  /** Which app this client is, for its known tool limits; guessed from the name when absent. */
  kind: ClientKindSchema.optional(),
});

/** `catalogs` in config.json: client name → its catalog settings. */
export const CatalogsConfigSchema = z.record(z.string(), ClientCatalogConfigSchema);

/** A change to one client's catalog settings; fields left out stay as they are. */
export const CatalogChangeSchema = z.strictObject({
  client: z.string().min(1),
  mode: CatalogModeSchema.optional(),
  trimmed: z.boolean().optional(),
  pinned: z.array(z.string().min(1)).optional(),
  kind: ClientKindSchema.nullable().optional(),
});

/** A documented cap on how many tools a client app takes. */
export const ToolLimitSchema = z.object({
  maxTools: z.number().int().positive(),
  /** What the cap is and where it is documented. */
  note: z.string(),
});

/** Tokens of one server's share of a client's tools/list. */
export const ServerCostSchema = z.object({
  server: z.string(),
  tools: z.number().int(),
  tokens: z.number().int(),
});

/** What one client's catalog costs, in each mode. */
export const ClientBudgetSchema = z.object({
  client: z.string(),
  kind: ClientKindSchema.optional(),
  mode: CatalogModeSchema,
  trimmed: z.boolean(),
  pinned: z.array(z.string()),
  /** Tools this client may use (all of them are listed in `full` mode). */
  toolCount: z.number().int(),
  /** Tools its tools/list holds in the current mode. */
  listedCount: z.number().int(),
  tokens: z.object({
    /** The tools/list the client gets now, in its current mode. */
    current: z.number().int(),
    full: z.number().int(),
    trimmed: z.number().int(),
    search: z.number().int(),
    /** One typical search answer (the best five matches with their schemas). */
    searchAnswer: z.number().int(),
  }),
  servers: z.array(ServerCostSchema),
  limit: ToolLimitSchema.optional(),
  /** A sentence suggesting search mode, when the full catalog is past the threshold. */
  suggestion: z.string().optional(),
});

/** Every client's budget, and the tokenizer that counted. */
export const CatalogBudgetSchema = z.object({
  tokenizer: z.string(),
  clients: z.array(ClientBudgetSchema),
});

export type CatalogMode = z.infer<typeof CatalogModeSchema>;
export type ClientCatalogConfig = z.infer<typeof ClientCatalogConfigSchema>;
export type CatalogsConfig = z.infer<typeof CatalogsConfigSchema>;
export type CatalogChange = z.infer<typeof CatalogChangeSchema>;
export type ToolLimit = z.infer<typeof ToolLimitSchema>;
export type ServerCost = z.infer<typeof ServerCostSchema>;
export type ClientBudget = z.infer<typeof ClientBudgetSchema>;
export type CatalogBudget = z.infer<typeof CatalogBudgetSchema>;
