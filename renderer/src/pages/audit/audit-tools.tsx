/**
 * Export the records a filter matches (JSON Lines or CSV) and verify the hash chain.
 */
import { useState } from 'react';
import type { AuditQuery, AuditVerifyReport, ExportCursor } from '../../../../shared/contracts/audit.js';
import { ErrorNotice, SuccessNotice } from '../../components/status.js';
import { useAction } from '../../state/use-action.js';
import { useTransport } from '../../state/transport-context.js';
import { saveTextFile } from './save-text-file.js';

const FORMATS = {
  jsonl: { label: 'Export JSONL', mime: 'application/x-ndjson' },
  csv: { label: 'Export CSV', mime: 'text/csv' },
} as const;

/** Export and verify buttons, with what each one found. */
export function AuditTools({
  query,
  save = saveTextFile,
}: {
  query: AuditQuery;
  /** How the file reaches the person; tests pass a recorder. */
  save?: (fileName: string, parts: readonly string[], mimeType: string) => void;
}) {
  const transport = useTransport();
  const action = useAction();
  const [exported, setExported] = useState<string | undefined>(undefined);
  const [progress, setProgress] = useState<string | undefined>(undefined);
  const [report, setReport] = useState<AuditVerifyReport | undefined>(undefined);

  const exportAs = (format: keyof typeof FORMATS): void =>
    void action.run(async () => {
      setExported(undefined);
      // Page by page, so neither the gateway nor one message ever holds the whole trail.
      const parts: string[] = [];
      let records = 0;
      let page: ExportCursor | undefined;
      do {
        const answer = await transport.call('audit.export', { format, query, ...(page ? { page } : {}) });
        parts.push(answer.text);
        records += answer.records;
        page = answer.next ?? undefined;
        if (page) setProgress(`Exporting… ${records.toLocaleString()} records so far.`);
      } while (page);
      setProgress(undefined);
      const stamp = new Date().toISOString().slice(0, 19).replace(/:/g, '-');
      save(`gatehouse-audit-${stamp}.${format}`, parts, FORMATS[format].mime);
      setExported(`Exported ${records.toLocaleString()} ${records === 1 ? 'record' : 'records'}.`);
    });

  const verify = (): void =>
    void action.run(async () => {
      setReport(undefined);
      setReport(await transport.call('audit.verify', {}));
    });

  return (
    <div>
      <div className="row">
        {(Object.keys(FORMATS) as (keyof typeof FORMATS)[]).map((format) => (
          <button type="button" key={format} disabled={action.busy} onClick={() => exportAs(format)}>
            {FORMATS[format].label}
          </button>
        ))}
        <button type="button" disabled={action.busy} onClick={verify}>
          Verify chain
        </button>
      </div>
      {action.busy && progress && <p role="status">{progress}</p>}
      {action.error && <ErrorNotice message={action.error} />}
      {exported && <SuccessNotice>{exported}</SuccessNotice>}
      {report &&
        (report.ok ? (
          <SuccessNotice>
            The audit trail is intact: {report.checked.toLocaleString()} records checked from #
            {report.fromSeq}.
          </SuccessNotice>
        ) : (
          <div className="notice notice-error" role="alert">
            <p>
              The audit trail does not verify
              {report.firstBad ? `: record #${report.firstBad.seq} ${report.firstBad.problem}.` : '.'}{' '}
              {report.checked.toLocaleString()} records checked from #{report.fromSeq}.
            </p>
          </div>
        ))}
      {report?.keyed && <p className="muted">{describeKey(report.keyed)}</p>}
    </div>
  );
}

/** Where the chain's key is, in a sentence: a key file beside the data is said plainly. */
function describeKey(keyed: NonNullable<AuditVerifyReport['keyed']>): string {
  switch (keyed.keyIn) {
    case 'keychain':
      return `Records after #${keyed.fromSeq} are keyed with a key kept in the OS keychain.`;
    case 'file':
      return (
        `Records after #${keyed.fromSeq} are keyed, but the key is kept in a file beside the data ` +
        `(${keyed.keyFile ?? 'audit.key'}), not in the OS keychain: anyone who can read that file can rewrite the trail unnoticed.`
      );
    case 'not-found':
      return `Records after #${keyed.fromSeq} are keyed, and the key was not found.`;
  }
}
