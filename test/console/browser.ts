/**
 * The browser harness of the admin console tests: Debian's Chromium (`/usr/bin/chromium`, installed
 * by .ci/run) driven by playwright-core, the console built into dist/admin, screenshots and
 * axe-core checks written as artefacts under reports/console/.
 */
import { execFileSync } from 'node:child_process';
import { accessSync, constants, mkdirSync } from 'node:fs';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
const ROOT = path.resolve(__dirname, '..', '..');
/** Where each view's screenshot is written (`<test file>-<view>.png`). */
export const ARTEFACTS = path.join(ROOT, 'reports', 'console');

/** Why the browser tests cannot run here, or undefined when they can. */
export function chromiumUnavailable(): string | undefined {
  try {
    accessSync(CHROMIUM, constants.X_OK);
    return undefined;
  } catch {
    return `${CHROMIUM} is missing: install Debian's chromium package (apt-get install chromium)`;
  }
}

/**
 * `describe`, or `describe.skip` with a message when Chromium is missing outside CI; under CI=true a
 * missing browser fails the run (.ci/run installs it), so the suite can never pass without it.
 */
export function describeInBrowser(): jest.Describe {
  const unavailable = chromiumUnavailable();
  if (unavailable && process.env.CI !== 'true') {
    console.warn(`Skipping the admin console browser tests: ${unavailable}`);
    return describe.skip;
  }
  return describe;
}

/**
 * Builds dist/admin when a file under web/ changed since the last build (a no-op otherwise). As
 * `npm run build` builds it: jest sets NODE_ENV=test, which Vite would keep, and React would be
 * bundled in its development build (StrictMode's double effects, 1.5 times the size), not the one served.
 */
export function buildConsoleIfStale(): void {
  execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'build.js'), '--if-stale'], {
    cwd: ROOT,
    stdio: 'pipe',
    env: { ...process.env, NODE_ENV: 'production' },
  });
}

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-background-networking'] });
}

/**
 * Registers hooks on the enclosing block: before its tests, builds the console if stale and
 * launches Chromium (within `timeoutMs`); after them, closes it. `.browser` is that Chromium.
 */
export function useChromium(timeoutMs: number): { readonly browser: Browser } {
  let browser: Browser | undefined;
  beforeAll(async () => {
    buildConsoleIfStale();
    browser = await launchChromium();
  }, timeoutMs);
  afterAll(async () => {
    await browser?.close();
  });
  return {
    get browser() {
      if (!browser) throw new Error('Chromium is launched in beforeAll');
      return browser;
    },
  };
}

export interface ConsolePage {
  readonly context: BrowserContext;
  readonly page: Page;
  /** Every console message and page error the page produced, for assertions (a CSP violation is one). */
  readonly problems: string[];
}

/** A fresh browser context (its own session storage) with one page, `width` px wide (default 1280). */
export async function newConsolePage(browser: Browser, width = 1280): Promise<ConsolePage> {
  const context = await browser.newContext({ viewport: { width, height: 900 } });
  // Playwright's 30 s is short on a loaded two-core machine; Jest's test timeout (120 s) stays the outer bound.
  context.setDefaultTimeout(60_000);
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') problems.push(`${message.type()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  return { context, page, problems };
}

/** Writes a full-page screenshot to reports/console/<name>.png and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTEFACTS, { recursive: true });
  const file = path.join(ARTEFACTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** axe-core's violations on the page as it is now (WCAG 2.1 A and AA rules), as lines that name rule and elements. */
export async function accessibilityViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  return results.violations.map((v) => `${v.id} (${v.impact ?? 'n/a'}): ${v.help}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

// Evaluated in the page, written as text: the tests are typed for Node, without the DOM's types.

/** How many pixels the page is wider than its viewport (0: nothing to scroll sideways, at 375 px too). */
export async function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');
}

/** What the page keeps in session storage and in local storage. */
export async function storedValues(page: Page): Promise<{ session: string[]; local: string[] }> {
  return page.evaluate<{ session: string[]; local: string[] }>('({ session: Object.values(sessionStorage), local: Object.values(localStorage) })');
}
