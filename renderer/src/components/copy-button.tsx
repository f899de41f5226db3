/**
 * Copies a text (a token, a config snippet) to the clipboard and says whether it worked.
 */
import { useState } from 'react';

/** A copy button with a status line saying whether the copy worked. */
export function CopyButton({ text, label = 'Copy' }: { text: string; label?: string }) {
  const [result, setResult] = useState<'copied' | 'failed' | undefined>(undefined);
  const copy = async (): Promise<void> => {
    try {
      await navigator.clipboard.writeText(text);
      setResult('copied');
    } catch {
      // Clipboard access can be refused (insecure context, permissions): the text is still selectable.
      setResult('failed');
    }
  };
  return (
    <span className="copy">
      <button type="button" onClick={() => void copy()}>
        {label}
      </button>
      <span role="status" className="copy-result">
        {result === 'copied' && 'Copied.'}
        {result === 'failed' && 'Could not copy: select the text and copy it by hand.'}
      </span>
    </span>
  );
}
