/**
 * Renders the whole app on one page (by its hash route) against a fake transport.
 */
import { render, type RenderResult } from '@testing-library/react';
import { App } from '../../../renderer/src/shell/app.js';
import type { ControlTransport } from '../../../renderer/src/api/control-transport.js';

export function renderAt(route: string, transport: ControlTransport): RenderResult {
  window.location.hash = route;
  return render(<App transport={transport} />);
}
