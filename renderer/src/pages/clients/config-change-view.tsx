/**
 * A change to a client's config file before it is made: the sentences saying what it does, then
 * the lines it adds and removes. Tokens and keys arrive masked; nothing here can show one.
 */
import type { ConfigChangePreview, DiffLine } from '../../../../shared/contracts/client-setup.js';

/** The mark before each line, as in a unified diff, so the change reads without colour too. */
const MARKS: Record<DiffLine['op'], string> = { added: '+ ', removed: '- ', context: '  ' };

/** The summary and diff of one previewed change. */
export function ConfigChangeView({ preview }: { preview: ConfigChangePreview }) {
  return (
    <div className="config-change">
      <ul>
        {preview.summary.map((sentence, index) => (
          <li key={index}>{sentence}</li>
        ))}
      </ul>
      {preview.diff.length > 0 && (
        <pre className="config-diff" tabIndex={0} aria-label={`Changes to ${preview.path}`}>
          {preview.diff.map((line, index) => (
            <span key={index} className={`diff-${line.op}`}>
              {MARKS[line.op]}
              {line.text}
              {'\n'}
            </span>
          ))}
        </pre>
      )}
    </div>
  );
}
