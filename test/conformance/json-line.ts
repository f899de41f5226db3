/**
 * Lenient JSON parsing for what children print and the suite writes: anything unexpected is
 * simply "not the line we wanted", never a crash.
 */
import type { z } from 'zod';

/** Parses text as JSON matching `schema`, or gives undefined for anything else. */
export function parseJsonLine<T>(text: string, schema: z.ZodType<T>): T | undefined {
  try {
    const parsed = schema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
