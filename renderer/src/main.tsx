/**
 * Entry point: choose the transport (IPC in the desktop app, HTTP in a browser) and render.
 */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { pickTransport } from './api/pick-transport.js';
import { App } from './shell/app.js';
import './styles.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element.');
createRoot(root).render(
  <StrictMode>
    <App transport={pickTransport()} />
  </StrictMode>,
);
