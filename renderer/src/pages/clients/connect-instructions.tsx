/**
 * How to point one client app at Gatehouse: the steps, the file, and the snippet to paste.
 */
import type { ConnectInstructions } from '../../../../shared/contracts/client-record.js';
import { CopyButton } from '../../components/copy-button.js';

/** Steps, file and a copyable snippet for one kind of client. */
export function ConnectInstructionsView({ instructions }: { instructions: ConnectInstructions }) {
  return (
    <div className="instructions">
      <h3>{instructions.title}</h3>
      {instructions.steps.length > 0 && (
        <ol>
          {instructions.steps.map((step, index) => (
            <li key={index}>{step}</li>
          ))}
        </ol>
      )}
      {instructions.file && (
        <p>
          File: <code>{instructions.file}</code>
        </p>
      )}
      <pre className="snippet" aria-label={`${instructions.snippet.language} snippet`} tabIndex={0}>
        {instructions.snippet.text}
      </pre>
      <CopyButton text={instructions.snippet.text} label="Copy snippet" />
    </div>
  );
}
