/**
 * An MCP App through Gatehouse in real Chromium: a minimal host page built on the ext-apps
 * AppBridge renders the view of `@modelcontextprotocol/server-basic-vanillajs` (read through
 * Gatehouse by the URI its tool gives) in a sandboxed iframe, and the view's own button calls
 * its tool through Gatehouse. Then the same button with the tool switched off for the host in
 * the Gatehouse UI (refused, audited as a view's call), and with a rule asking for approval
 * (approved in the Gatehouse UI). Screenshots land in test-results/ui/.
 */
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { AuditRecord } from '../../shared/contracts/audit.js';
import {
  connectClient,
  servers,
  startServedGateway,
  waitFor,
  type ServedGateway,
} from '../integration/harness.js';
import { launchChromium, screenshot } from './browser.js';

const root = resolve(import.meta.dirname, '../..');
const UI = 'io.modelcontextprotocol/ui';

let env: ServedGateway;
let browser: Browser;
let hostPage: Page;
let gatehousePage: Page;
let host: Client;
let viewUri: string;
/** What Gatehouse answered to each call the view made, newest last. */
const viewCalls: Array<{ isError?: boolean; content?: unknown }> = [];

async function hostPageScript(): Promise<string> {
  const bundle = await build({
    entryPoints: [join(root, 'test/e2e/app-host/host-page.mjs')],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    minify: true,
    write: false,
    logLevel: 'warning',
  });
  return bundle.outputFiles[0]!.text;
}

async function auditRecords(): Promise<AuditRecord[]> {
  const { stdout } = await env.run('audit', 'query', '--client', 'host', '--json');
  return (JSON.parse(stdout) as { records: AuditRecord[] }).records;
}

const viewButton = () => hostPage.frameLocator('iframe').locator('#get-time-btn');

beforeAll(async () => {
  env = await startServedGateway(
    {
      mcpServers: {
        basic: {
          command: process.execPath,
          args: [
            join(root, 'node_modules/@modelcontextprotocol/server-basic-vanillajs/dist/index.js'),
            '--stdio',
          ],
        },
        everything: servers.everything,
      },
    },
    'basic__get-time',
  );
  // The host is its own client, and declares that it shows views.
  const { token } = JSON.parse((await env.run('client', 'add', 'host', '--json')).stdout) as {
    token: string;
  };
  host = await connectClient(env.serve.url, token, {
    extensions: { [UI]: { mimeTypes: ['text/html;profile=mcp-app'] } },
  } as never);

  browser = await launchChromium();
  hostPage = await browser.newPage({ viewport: { width: 900, height: 720 } });
  await hostPage.exposeFunction('hostCallTool', async (params: { name: string; arguments?: unknown }) => {
    // A desktop host's MCP client: it sends the view's call as the view made it, naming the view.
    const result = await host.callTool({
      name: params.name,
      arguments: (params.arguments ?? {}) as Record<string, unknown>,
      _meta: { 'gatehouse/view': { resourceUri: viewUri } },
    });
    viewCalls.push(result as never);
    return result;
  });
  await hostPage.setContent('<!doctype html><html><body><h1>Test host</h1></body></html>');
  await hostPage.addScriptTag({ content: await hostPageScript() });

  gatehousePage = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await gatehousePage.goto(env.serve.uiUrl!);
  await gatehousePage.getByRole('heading', { level: 1, name: 'Servers' }).waitFor();
}, 120_000);

afterAll(async () => {
  await host?.close().catch(() => {});
  await browser?.close();
  await env?.stop();
});

describe('an MCP App view through Gatehouse, in Chromium', () => {
  it('renders the view read by its tool’s URI, and the view’s button calls its tool', async () => {
    const { tools } = await host.listTools();
    const tool = tools.find((candidate) => candidate.name === 'basic__get-time');
    viewUri = (tool?._meta as { ui: { resourceUri: string } }).ui.resourceUri;
    expect(viewUri).toBe('ui://basic/get-time/mcp-app.html');
    const { contents } = await host.readResource({ uri: viewUri });
    expect(contents[0]?.mimeType).toBe('text/html;profile=mcp-app');
    const firstResult = await host.callTool({ name: 'basic__get-time', arguments: {} });
    await hostPage.evaluate(
      ([html, result]) =>
        (globalThis as unknown as { showView(h: string, r: unknown): Promise<void> }).showView(html, result),
      [(contents[0] as { text: string }).text, firstResult] as const,
    );
    await hostPage.locator('body[data-view="ready"]').waitFor();

    await viewButton().click();
    await waitFor(() => viewCalls.length === 1, 10_000, 'the view’s call');
    expect(viewCalls[0]?.isError).toBeFalsy();
    const time = (viewCalls[0]?.content as Array<{ text: string }>)[0]!.text;
    await hostPage.frameLocator('iframe').locator('#server-time').getByText(time).waitFor();
    await screenshot(hostPage, 'mcp-app-view');
    await waitFor(async () => (await auditRecords()).length >= 2, 10_000, 'the audit of the view’s call');
    const [latest] = await auditRecords();
    expect(latest).toMatchObject({ server: 'basic', target: 'get-time', origin: 'view', outcome: 'ok' });
  }, 60_000);

  it('refuses the view’s call once the tool is switched off for the host, and audits it', async () => {
    await gatehousePage.getByRole('link', { name: 'Tools', exact: true }).click();
    const toggle = gatehousePage.getByRole('checkbox', { name: 'Allow basic__get-time for host' });
    await toggle.click();
    await waitFor(async () => !(await toggle.isChecked()), 5000, 'the switch');
    await viewButton().click();
    await waitFor(() => viewCalls.length === 2, 10_000, 'the refused call');
    expect(viewCalls[1]?.isError).toBe(true);
    expect(JSON.stringify(viewCalls[1]?.content)).toContain('switched off for the client');
    await waitFor(
      async () => (await auditRecords())[0]?.outcome === 'denied',
      10_000,
      'the audit of the refusal',
    );
    expect((await auditRecords())[0]).toMatchObject({ target: 'get-time', origin: 'view', decision: 'deny' });
    await screenshot(hostPage, 'mcp-app-view-refused');
    await toggle.click();
    await waitFor(async () => toggle.isChecked(), 5000, 'the switch back on');
  }, 60_000);

  it('holds the view’s call for approval, and the person allows it in the Gatehouse UI', async () => {
    const policyFile = join(env.dataDir, 'ask-time.json');
    writeFileSync(
      policyFile,
      JSON.stringify({ rules: [{ id: 'ask-time', match: { tools: ['get-time'] }, action: 'approve' }] }),
    );
    expect((await env.run('policy', 'import', policyFile)).code).toBe(0);
    await gatehousePage.getByRole('link', { name: 'Approvals', exact: true }).click();
    await viewButton().click();
    const allow = gatehousePage.getByRole('button', { name: 'Allow once' });
    await allow.waitFor({ timeout: 10_000 });
    await gatehousePage.getByText('ask-time').first().waitFor();
    await screenshot(gatehousePage, 'mcp-app-view-approval');
    expect(viewCalls).toHaveLength(2);
    await allow.click();
    await waitFor(() => viewCalls.length === 3, 10_000, 'the approved call');
    expect(viewCalls[2]?.isError).toBeFalsy();
    await waitFor(async () => (await auditRecords())[0]?.ruleId === 'ask-time', 10_000, 'the audit');
    expect((await auditRecords())[0]).toMatchObject({
      target: 'get-time',
      origin: 'view',
      decision: 'approve',
      outcome: 'ok',
      approval: { kind: 'allow-once' },
    });
    await screenshot(hostPage, 'mcp-app-view-approved');
  }, 60_000);
});
