// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import type { AuditQuery, AuditRecord } from '../../../shared/contracts/audit.js';
import { FakeTransport } from './fake-transport.js';
import { renderAt } from './render-app.js';

afterEach(cleanup);

// jsdom lays nothing out, so every element is 0 px tall and a virtualizer would show no row.
// Give scroll containers a viewport's height for these tests.
const clientHeight = Object.getOwnPropertyDescriptor(HTMLElement.prototype, 'clientHeight');
beforeAll(() => {
  Object.defineProperty(HTMLElement.prototype, 'clientHeight', { configurable: true, get: () => 600 });
});
afterAll(() => {
  if (clientHeight) Object.defineProperty(HTMLElement.prototype, 'clientHeight', clientHeight);
});

function record(seq: number, overrides: Partial<AuditRecord> = {}): AuditRecord {
  return {
    seq,
    time: new Date(Date.UTC(2026, 0, 1, 12, 0, seq % 60)).toISOString(),
    client: 'cursor',
    sessionId: 'sess-1',
    method: 'tools/call',
    server: 'github',
    target: `tool_${seq}`,
    arguments: JSON.stringify({ n: seq, path: '/tmp/x' }),
    decision: 'allow',
    ruleId: 'allow-reads',
    explanation: 'Reads are allowed.',
    outcome: 'ok',
    durationMs: 42,
    prevHash: 'p'.repeat(64),
    hash: 'h'.repeat(64),
    ...overrides,
  };
}

/** 250 records, newest first, served 100 at a time with a numeric cursor. */
function transport(): { fake: FakeTransport; all: AuditRecord[] } {
  const all = Array.from({ length: 250 }, (_, index) => record(250 - index));
  const fake = new FakeTransport({
    'audit.query': (query: AuditQuery) => {
      const matching = all.filter((r) => !query.outcome || r.outcome === query.outcome);
      const start = query.cursor ? Number(query.cursor) : 0;
      const limit = query.limit ?? 100;
      const records = matching.slice(start, start + limit);
      const next = start + limit < matching.length ? String(start + limit) : undefined;
      return next === undefined ? { records } : { records, nextCursor: next };
    },
    'audit.get': ({ seq }) => all.find((r) => r.seq === seq) ?? null,
    'audit.verify': () => ({
      ok: true,
      checked: 250,
      fromSeq: 0,
      keyed: { fromSeq: 200, keyIn: 'file' as const, keyFile: '/data/audit.key' },
    }),
  });
  return { fake, all };
}

describe('Audit page', () => {
  test('renders rows and opens the detail panel for one', async () => {
    const { fake } = transport();
    renderAt('#/audit', fake);

    const table = await screen.findByRole('table', { name: 'Audit records' });
    expect(within(table).getByText('tool_250')).toBeTruthy();
    // Virtualized: far rows are not in the page.
    expect(within(table).queryByText('tool_120')).toBeNull();

    await userEvent.click(within(table).getByRole('button', { name: /record 249 details/ }));

    const panel = await screen.findByRole('complementary', { name: 'Record #249' });
    expect(fake.callsTo('audit.get')).toEqual([{ seq: 249 }]);
    expect(await within(panel).findByText('Reads are allowed.')).toBeTruthy();
    expect(within(panel).getByLabelText('Arguments of record 249').textContent).toContain('"n": 249');
    await userEvent.click(within(panel).getByRole('button', { name: 'Close' }));
    expect(screen.queryByRole('complementary', { name: 'Record #249' })).toBeNull();
  });

  test('scrolling near the end reads the next page', async () => {
    const { fake } = transport();
    renderAt('#/audit', fake);
    const table = await screen.findByRole('table', { name: 'Audit records' });
    const scroller = table.parentElement as HTMLElement;

    scroller.scrollTop = 36 * 85;
    fireEvent.scroll(scroller);

    await waitFor(() => expect(fake.callsTo('audit.query').at(-1)).toMatchObject({ cursor: '100' }));
    expect(await within(table).findByText('tool_160')).toBeTruthy();
  });

  test('Load more reads the next page too (for keyboard users)', async () => {
    const { fake } = transport();
    renderAt('#/audit', fake);
    await screen.findByRole('table', { name: 'Audit records' });

    await userEvent.click(screen.getByRole('button', { name: 'Load more' }));
    await waitFor(() => expect(screen.getByText(/200 records shown/)).toBeTruthy());
    expect(fake.callsTo('audit.query').at(-1)).toMatchObject({ cursor: '100' });
  });

  test('filters go to audit.query', async () => {
    const { fake } = transport();
    renderAt('#/audit', fake);
    await screen.findByRole('table', { name: 'Audit records' });

    await userEvent.selectOptions(screen.getByLabelText('Outcome'), 'denied');
    await userEvent.type(screen.getByLabelText('Search'), 'path');
    await userEvent.click(screen.getByRole('button', { name: 'Apply filters' }));

    expect(await screen.findByText('No record matches these filters.')).toBeTruthy();
    expect(fake.callsTo('audit.query').at(-1)).toEqual({ outcome: 'denied', text: 'path', limit: 100 });
  });

  test('a finished call puts its record on top', async () => {
    const { fake, all } = transport();
    renderAt('#/audit', fake);
    await screen.findByText('tool_250');

    all.unshift(record(251, { target: 'brand_new_tool' }));
    act(() =>
      fake.emit({
        type: 'call.finished',
        call: {
          id: 'c',
          client: 'cursor',
          server: 'github',
          tool: 'brand_new_tool',
          startedAt: '',
          outcome: 'ok',
          durationMs: 3,
        },
      }),
    );

    expect(await screen.findByText('brand_new_tool')).toBeTruthy();
    expect(screen.getByText(/101 records shown/)).toBeTruthy();
  });

  test('export downloads the records the filters match', async () => {
    const { fake } = transport();
    fake.handlers['audit.export'] = () => ({ text: '{"seq":1}\n', records: 1, next: null });
    const downloads: string[] = [];
    const blobs: Blob[] = [];
    const restore = stubDownloads(downloads, blobs);
    try {
      renderAt('#/audit', fake);
      await userEvent.selectOptions(await screen.findByLabelText('Outcome'), 'denied');
      await userEvent.click(screen.getByRole('button', { name: 'Apply filters' }));
      await userEvent.click(screen.getByRole('button', { name: 'Export CSV' }));

      expect(await screen.findByText('Exported 1 record.')).toBeTruthy();
      expect(fake.callsTo('audit.export')).toEqual([{ format: 'csv', query: { outcome: 'denied' } }]);
      expect(downloads).toHaveLength(1);
      expect(downloads[0]).toMatch(/^gatehouse-audit-.*\.csv$/);
      expect(await blobs[0]?.text()).toBe('{"seq":1}\n');
    } finally {
      restore();
    }
  });

  test('a long export is fetched page by page into one file', async () => {
    const { fake } = transport();
    const pages = [
      { text: 'seq,time\r\n1,a\r\n', records: 1, next: { afterSeq: 1, upToSeq: 3 } },
      { text: '2,b\r\n', records: 1, next: { afterSeq: 2, upToSeq: 3 } },
      { text: '3,c\r\n', records: 1, next: null },
    ];
    fake.handlers['audit.export'] = () => pages.shift()!;
    const downloads: string[] = [];
    const blobs: Blob[] = [];
    const restore = stubDownloads(downloads, blobs);
    try {
      renderAt('#/audit', fake);
      await userEvent.click(await screen.findByRole('button', { name: 'Export CSV' }));

      expect(await screen.findByText('Exported 3 records.')).toBeTruthy();
      expect(fake.callsTo('audit.export')).toEqual([
        { format: 'csv', query: {} },
        { format: 'csv', query: {}, page: { afterSeq: 1, upToSeq: 3 } },
        { format: 'csv', query: {}, page: { afterSeq: 2, upToSeq: 3 } },
      ]);
      expect(downloads).toHaveLength(1);
      expect(await blobs[0]?.text()).toBe('seq,time\r\n1,a\r\n2,b\r\n3,c\r\n');
    } finally {
      restore();
    }
  });

  test('verify shows the report', async () => {
    renderAt('#/audit', transport().fake);
    await userEvent.click(await screen.findByRole('button', { name: 'Verify chain' }));
    expect(await screen.findByText(/The audit trail is intact: 250 records checked from #0/)).toBeTruthy();
    expect(
      screen.getByText(
        /Records after #200 are keyed, but the key is kept in a file beside the data \(\/data\/audit\.key\)/,
      ),
    ).toBeTruthy();
  });
});

/** jsdom has no object URLs and cannot download: record what would have been saved instead. */
function stubDownloads(downloads: string[], blobs: Blob[]): () => void {
  const { createObjectURL, revokeObjectURL } = URL;
  const click = Object.getOwnPropertyDescriptor(HTMLAnchorElement.prototype, 'click');
  URL.createObjectURL = (blob: Blob | MediaSource) => {
    blobs.push(blob as Blob);
    return 'blob:test';
  };
  URL.revokeObjectURL = () => {};
  HTMLAnchorElement.prototype.click = function (this: HTMLAnchorElement) {
    downloads.push(this.download);
  };
  return () => {
    URL.createObjectURL = createObjectURL;
    URL.revokeObjectURL = revokeObjectURL;
    if (click) Object.defineProperty(HTMLAnchorElement.prototype, 'click', click);
  };
}
