/**
 * The audit records a query matches, newest first, read a page at a time as the table scrolls,
 * with newer records put on top as `call.finished` events say they exist.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { AuditQuery, AuditRecord } from '../../../../shared/contracts/audit.js';
import { describeError } from '../../api/control-error.js';
import { useOnReconnected } from '../../state/use-connection.js';
import { useControlEvents } from '../../state/use-control-events.js';
import { useTransport } from '../../state/transport-context.js';

const PAGE_SIZE = 100;
/** A busy client finishes many calls a second; one read per burst is enough. */
const LIVE_REFRESH_DELAY_MS = 300;

/** The records read so far and how to read more. */
export interface AuditRecords {
  readonly records: readonly AuditRecord[];
  readonly hasMore: boolean;
  readonly loading: boolean;
  readonly error: string | undefined;
  readonly loadMore: () => void;
}

interface Pages {
  readonly records: AuditRecord[];
  readonly nextCursor: string | undefined;
}

/** Pages of records matching `query`, kept live from `call.finished` events. */
export function useAuditRecords(query: AuditQuery): AuditRecords {
  const transport = useTransport();
  const [pages, setPages] = useState<Pages>({ records: [], nextCursor: undefined });
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | undefined>(undefined);
  // Answers for an earlier query (the filters changed meanwhile) are dropped.
  const generation = useRef(0);
  const loadingMore = useRef(false);
  const current = useRef(pages);
  current.current = pages;
  const queryKey = JSON.stringify(query);

  const readFirstPage = useCallback(
    (merge: (fresh: Pages, previous: Pages) => Pages) => {
      const mine = generation.current;
      transport.call('audit.query', { ...query, limit: PAGE_SIZE }).then(
        (page) => {
          if (mine !== generation.current) return;
          setPages((previous) => merge({ records: page.records, nextCursor: page.nextCursor }, previous));
          setError(undefined);
          setLoading(false);
        },
        (failure: unknown) => {
          if (mine !== generation.current) return;
          setError(describeError(failure));
          setLoading(false);
        },
      );
    },
    // queryKey stands for the query's content: a new but equal object each render must not re-read.
    [transport, queryKey],
  );

  useEffect(() => {
    generation.current += 1;
    loadingMore.current = false;
    setPages({ records: [], nextCursor: undefined });
    setLoading(true);
    readFirstPage((fresh) => fresh);
  }, [readFirstPage]);

  const refreshTop = useCallback(() => readFirstPage(prependNewer), [readFirstPage]);
  useOnReconnected(refreshTop);

  const pending = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useControlEvents((event) => {
    if (event.type !== 'call.finished' || pending.current !== undefined) return;
    pending.current = setTimeout(() => {
      pending.current = undefined;
      refreshTop();
    }, LIVE_REFRESH_DELAY_MS);
  });
  useEffect(() => () => clearTimeout(pending.current), []);

  const loadMore = useCallback(() => {
    const cursor = current.current.nextCursor;
    if (cursor === undefined || loadingMore.current) return;
    loadingMore.current = true;
    setLoading(true);
    const mine = generation.current;
    transport
      .call('audit.query', { ...query, cursor, limit: PAGE_SIZE })
      .then(
        (page) => {
          if (mine !== generation.current) return;
          setPages((previous) => {
            const shown = new Set(previous.records.map((record) => record.seq));
            const older = page.records.filter((record) => !shown.has(record.seq));
            return { records: [...previous.records, ...older], nextCursor: page.nextCursor };
          });
          setError(undefined);
        },
        (failure: unknown) => {
          if (mine === generation.current) setError(describeError(failure));
        },
      )
      .finally(() => {
        if (mine !== generation.current) return;
        loadingMore.current = false;
        setLoading(false);
      });
  }, [transport, queryKey]);

  return {
    records: pages.records,
    hasMore: pages.nextCursor !== undefined,
    loading,
    error,
    loadMore,
  };
}

/**
 * Puts records newer than the newest shown on top. When the fresh page holds nothing already
 * shown, more arrived than a page holds: start over from the fresh page rather than leave a gap.
 */
function prependNewer(fresh: Pages, previous: Pages): Pages {
  const newest = previous.records[0]?.seq;
  if (newest === undefined) return fresh;
  const newer = fresh.records.filter((record) => record.seq > newest);
  if (newer.length === fresh.records.length) return fresh;
  return { records: [...newer, ...previous.records], nextCursor: previous.nextCursor };
}
