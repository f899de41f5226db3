/**
 * A minimal MCP Apps host page, for the Chromium test of views through Gatehouse: it renders a
 * view's HTML in a sandboxed iframe and connects it with the ext-apps AppBridge. The host's MCP
 * client lives outside the page, as in a desktop host: every tools/call the view makes goes to
 * `window.hostCallTool` (exposed by the test), which sends it to Gatehouse.
 *
 * Bundled with esbuild for the browser by the test; never shipped. Plain JavaScript, since the
 * project's TypeScript program has no DOM types (it runs in Node).
 */
/* global window, document -- runs in the browser, bundled by the test */
import { AppBridge, PostMessageTransport } from '@modelcontextprotocol/ext-apps/app-bridge';

/** @type {Window & { hostCallTool(params: unknown): Promise<unknown>, showView: unknown }} */
const host = /** @type {never} */ (window);

host.showView = async (/** @type {string} */ html, /** @type {unknown} */ toolResult) => {
  const iframe = document.createElement('iframe');
  // Scripts only: an opaque origin, so the view reaches nothing of the host page but messages.
  iframe.setAttribute('sandbox', 'allow-scripts');
  iframe.title = 'MCP App view';
  iframe.style.cssText = 'width: 100%; height: 560px; border: 1px solid #bbb; border-radius: 8px';
  document.body.append(iframe);
  const bridge = new AppBridge(
    null,
    { name: 'gatehouse-test-host', version: '1.0.0' },
    { serverTools: {}, logging: {}, openLinks: {} },
  );
  bridge.oncalltool = async (params) => /** @type {never} */ (await host.hostCallTool(params));
  const initialized = new Promise((resolve) => {
    bridge.oninitialized = () => resolve(undefined);
  });
  // The bridge listens before the view loads, so its first message (ui/initialize) is not missed.
  await bridge.connect(new PostMessageTransport(iframe.contentWindow, iframe.contentWindow));
  iframe.srcdoc = html;
  await initialized;
  await bridge.sendToolInput({ arguments: {} });
  await bridge.sendToolResult(/** @type {never} */ (toolResult));
  document.body.dataset.view = 'ready';
};
