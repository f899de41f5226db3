/**
 * The audit trail: every call through the gateway, filterable and searchable, newest first and
 * live, with a detail panel, export and chain verification.
 */
import { useState } from 'react';
import type { AuditQuery } from '../../../../shared/contracts/audit.js';
import { PageHeader } from '../../components/page-header.js';
import { EmptyState, ErrorNotice, Loading } from '../../components/status.js';
import { AuditDetail } from './audit-detail.js';
import { AuditFilters } from './audit-filters.js';
import { AuditTable } from './audit-table.js';
import { AuditTools } from './audit-tools.js';
import { useAuditRecords } from './use-audit-records.js';

/** The Audit page: filters, export and verify, the record table and a detail panel. */
export function AuditPage() {
  const [query, setQuery] = useState<AuditQuery>({});
  const [selected, setSelected] = useState<number | undefined>(undefined);
  const audit = useAuditRecords(query);
  const filtered = Object.keys(query).length > 0;

  return (
    <>
      <PageHeader
        title="Audit"
        description="Every tool call, resource read and prompt through Gatehouse, with what policy decided. Secrets are redacted."
      />
      <AuditFilters onApply={setQuery} />
      <AuditTools query={query} />
      {audit.error && <ErrorNotice message={audit.error} />}
      <div className={selected === undefined ? 'audit-layout' : 'audit-layout with-detail'}>
        <div>
          {audit.records.length === 0 ? (
            audit.loading ? (
              <Loading label="Loading records…" />
            ) : (
              <EmptyState title={filtered ? 'No record matches these filters.' : 'No calls recorded yet.'}>
                {!filtered && 'Records appear here as clients use tools through Gatehouse.'}
              </EmptyState>
            )
          ) : (
            <>
              <AuditTable
                records={audit.records}
                hasMore={audit.hasMore}
                loading={audit.loading}
                selected={selected}
                onSelect={setSelected}
                onLoadMore={audit.loadMore}
              />
              <div className="row">
                <p className="muted" role="status">
                  {audit.records.length.toLocaleString()} records shown{audit.hasMore ? '' : ' (all)'}
                </p>
                {audit.hasMore && (
                  <button type="button" disabled={audit.loading} onClick={audit.loadMore}>
                    {audit.loading ? 'Loading…' : 'Load more'}
                  </button>
                )}
              </div>
            </>
          )}
        </div>
        {selected !== undefined && <AuditDetail seq={selected} onClose={() => setSelected(undefined)} />}
      </div>
    </>
  );
}
