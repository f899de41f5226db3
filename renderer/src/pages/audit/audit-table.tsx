/**
 * The audit records as a virtualized table: only the rows in view are in the page, so thousands
 * of records scroll smoothly. Reaching the end reads the next page.
 */
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef } from 'react';
import type { AuditRecord } from '../../../../shared/contracts/audit.js';

/** Rows have one line each (cells do not wrap), so every row is this tall. */
const ROW_HEIGHT = 36;
const COLUMNS = 7;
const TIME_FORMAT = new Intl.DateTimeFormat(undefined, { dateStyle: 'short', timeStyle: 'medium' });
/** Start reading the next page this many rows before the end. */
const PREFETCH_ROWS = 20;

/** The virtualized record table; asks for more records as its end comes into view. */
export function AuditTable({
  records,
  hasMore,
  loading,
  selected,
  onSelect,
  onLoadMore,
}: {
  records: readonly AuditRecord[];
  hasMore: boolean;
  loading: boolean;
  selected: number | undefined;
  onSelect: (seq: number) => void;
  onLoadMore: () => void;
}) {
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: records.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });
  const rows = virtualizer.getVirtualItems();
  const lastShown = rows.at(-1)?.index ?? -1;

  useEffect(() => {
    if (hasMore && !loading && lastShown >= records.length - PREFETCH_ROWS) onLoadMore();
  }, [hasMore, loading, lastShown, records.length, onLoadMore]);

  const paddingTop = rows[0]?.start ?? 0;
  const paddingBottom = virtualizer.getTotalSize() - (rows.at(-1)?.end ?? 0);

  return (
    <div className="audit-scroller" ref={scroller}>
      <table aria-label="Audit records" aria-rowcount={records.length + 1}>
        <colgroup>
          <col style={{ width: '10.5rem' }} />
          <col style={{ width: '8rem' }} />
          <col style={{ width: '8rem' }} />
          <col />
          <col style={{ width: '6rem' }} />
          <col style={{ width: '8rem' }} />
          <col style={{ width: '6rem' }} />
        </colgroup>
        <thead>
          <tr aria-rowindex={1}>
            <th scope="col">Time</th>
            <th scope="col">Client</th>
            <th scope="col">Server</th>
            <th scope="col">Tool or target</th>
            <th scope="col">Decision</th>
            <th scope="col">Outcome</th>
            <th scope="col">Duration</th>
          </tr>
        </thead>
        <tbody>
          {paddingTop > 0 && <Spacer height={paddingTop} />}
          {rows.map((row) => {
            const record = records[row.index];
            if (!record) return null;
            return (
              <tr
                key={record.seq}
                aria-rowindex={row.index + 2}
                aria-selected={selected === record.seq}
                className={selected === record.seq ? 'record selected' : 'record'}
                style={{ height: ROW_HEIGHT }}
              >
                <td>
                  <button type="button" className="link" onClick={() => onSelect(record.seq)}>
                    {TIME_FORMAT.format(new Date(record.time))}{' '}
                    <span className="visually-hidden">record {record.seq} details</span>
                  </button>
                </td>
                <td>
                  {record.client}
                  {record.origin === 'view' ? <span title="Made by an MCP Apps view"> (view)</span> : null}
                </td>
                <td>{record.server ?? '–'}</td>
                <td title={record.target}>
                  <code>{record.target ?? record.method}</code>
                </td>
                <td>{record.decision ?? '–'}</td>
                <td>
                  <span className={`badge outcome-${record.outcome}`}>
                    {record.outcome.replace('_', ' ')}
                  </span>
                </td>
                <td>{formatDuration(record.durationMs)}</td>
              </tr>
            );
          })}
          {paddingBottom > 0 && <Spacer height={paddingBottom} />}
        </tbody>
      </table>
    </div>
  );
}

/** Stands in for the rows out of view, so the scrollbar reflects the whole list. */
function Spacer({ height }: { height: number }) {
  return (
    <tr aria-hidden="true" style={{ height }}>
      <td colSpan={COLUMNS} style={{ padding: 0, border: 0 }} />
    </tr>
  );
}

/** A duration for people: "42 ms", "1.5 s", "2 min 3 s". */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}
