/**
 * A minimal MCP Apps host page, for the Chromium test of views through Gatehouse: it renders a
 * view's HTML in a sandboxed iframe and connects it with the ext-apps AppBridge. The host's MCP
 * client lives outside the page, as in a desktop host: every tools/call the view makes goes to
 * `window.hostCallTool` (exposed by the test), which sends it to Gatehouse.
 *
 * Bundled with esbuild for the browser by the test; never shipped.
 */
import { AppBridge, PostMessageTransport } from '@modelcontextprotocol/ext-apps/app-bridge';

interface HostWindow extends Window {
  hostCallTool(params: unknown): Promise<unknown>;
  showView(html: string, toolResult: unknown): Promise<void>;
}

const host = window as unknown as HostWindow;

host.showView = async (html, toolResult) => {
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
  bridge.oncalltool = async (params) => (await host.hostCallTool(params)) as never;
  const initialized = new Promise<void>((resolve) => {
    bridge.oninitialized = () => resolve();
  });
  // The bridge listens before the view loads, so its first message (ui/initialize) is not missed.
  await bridge.connect(new PostMessageTransport(iframe.contentWindow!, iframe.contentWindow!));
  iframe.srcdoc = html;
  await initialized;
  await bridge.sendToolInput({ arguments: {} });
  await bridge.sendToolResult(toolResult as never);
  document.body.dataset.view = 'ready';
};
