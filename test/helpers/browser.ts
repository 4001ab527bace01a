/**
 * Debian's Chromium driven by playwright-core (which downloads no browser), headless with the flags
 * this machine needs: no background networking, no component updates, a fresh profile each time.
 * Each page records its console errors, page errors and every request's URL, for the tests to check.
 */
import { existsSync } from 'node:fs';
import { type Browser, type BrowserContext, type BrowserContextOptions, chromium, type Page } from 'playwright-core';

export const CHROMIUM = process.env.TASKSHARE_CHROMIUM ?? '/usr/bin/chromium';
export const haveChromium = () => existsSync(CHROMIUM);

const FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface WatchedPage {
  page: Page;
  context: BrowserContext;
  consoleErrors: string[];
  requests: string[];
}

export interface TestBrowser {
  browser: Browser;
  open(url: string, options?: BrowserContextOptions): Promise<WatchedPage>;
  close(): Promise<void>;
}

export async function launchBrowser(): Promise<TestBrowser> {
  // playwright gives every launch a new empty profile (--user-data-dir) of its own.
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: FLAGS });
  return {
    browser,
    async open(url, options = {}) {
      const context = await browser.newContext({ acceptDownloads: true, ...options });
      const page = await context.newPage();
      const consoleErrors: string[] = [];
      const requests: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error' || m.type() === 'warning') consoleErrors.push(`${m.type()}: ${m.text()}`);
      });
      page.on('pageerror', (e) => consoleErrors.push(`pageerror: ${e.message}`));
      page.on('request', (r) => requests.push(r.url()));
      await page.goto(url);
      return { page, context, consoleErrors, requests };
    },
    async close() {
      await browser.close();
    },
  };
}
