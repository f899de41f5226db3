/**
 * JSON shown for reading: pretty-printed, monospace, scrollable. Text that is not valid JSON (a
 * truncated audit value) is shown as it is.
 */

/** Pretty JSON for a value, or for JSON text. */
export function prettyJson(value: unknown): string {
  if (typeof value === 'string') {
    try {
      return JSON.stringify(JSON.parse(value), null, 2);
    } catch {
      return value;
    }
  }
  return JSON.stringify(value, null, 2) ?? String(value);
}

/** A read-only, keyboard-scrollable block of pretty JSON with an accessible name. */
export function JsonBlock({ value, label }: { value: unknown; label: string }) {
  return (
    <pre className="json" aria-label={label} tabIndex={0}>
      {prettyJson(value)}
    </pre>
  );
}
