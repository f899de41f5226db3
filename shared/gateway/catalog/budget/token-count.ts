/**
 * Token counts of what a client's model reads: tool definitions as JSON text.
 *
 * The tokenizer is gpt-tokenizer's `o200k_base`, the BPE of OpenAI's GPT-4o and later models.
 * Every model family tokenizes differently (Claude's tokenizer, for one, is not published for its
 * current models and tends to count more), so a count is a close estimate of what a request
 * costs, not the bill: compare modes and servers with it, not vendors.
 */
import { countTokens as countO200k } from 'gpt-tokenizer/encoding/o200k_base';

/** The tokenizer named wherever a count is shown. */
export const TOKENIZER_LABEL =
  'o200k_base BPE (gpt-tokenizer; GPT-4o/GPT-5 family) — other models count differently';

/** Tokens of a text under {@link TOKENIZER_LABEL}. */
export function countTokens(text: string): number {
  return countO200k(text);
}

/** Tokens of a tools/list result carrying these tools, as the client receives it. */
export function toolListTokens(tools: readonly unknown[]): number {
  return countTokens(JSON.stringify({ tools }));
}
