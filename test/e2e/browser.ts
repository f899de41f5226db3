/**
 * Real Chromium for the UI's end-to-end tests: Debian's `chromium` driven by playwright-core
 * (`.ci/run` installs it). CHROMIUM_PATH points elsewhere.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

const root = resolve(import.meta.dirname, '../..');

/** Where screenshots of every page land, as CI artifacts. */
export const SCREENSHOTS = join(root, 'test-results', 'ui');

export async function launchChromium(): Promise<Browser> {
  const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(executablePath)) {
    throw new Error(
      `The UI tests need Chromium at ${executablePath}: install the Debian package "chromium" ` +
        '(.ci/run does) or set CHROMIUM_PATH.',
    );
  }
  return chromium.launch({ executablePath, args: ['--headless', '--no-sandbox', '--disable-gpu'] });
}

/** Saves a full-page screenshot named after the page, for people to look at. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const path = join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}
