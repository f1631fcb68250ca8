/**
 * Signing in and moving about the console for the browser tests of the shell, history, live and
 * read-only views (not a test file itself).
 */
import type { Browser, Page } from 'playwright-core';
import { newConsolePage, type ConsolePage } from './browser';

/** A fresh browser context signed in with `token` through the #token= link, the shell shown. */
export async function signedIn(browser: Browser, origin: string, token: string, width?: number): Promise<ConsolePage> {
  const opened = await newConsolePage(browser, width);
  // A step that cannot happen fails with what it waited for, well within the test's own timeout.
  opened.context.setDefaultTimeout(10_000);
  await opened.page.goto(`${origin}/admin#token=${token}`);
  await opened.page.getByRole('navigation', { name: 'Console' }).waitFor();
  await opened.page.getByText(/^Signed in as /).waitFor();
  return opened;
}

/** Follows the History link; resolves once the first revision is listed. */
export async function openHistory(page: Page): Promise<void> {
  await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'History' }).click();
  await page.getByRole('heading', { level: 1, name: 'Settings history' }).waitFor();
  await page.getByRole('list', { name: 'Revisions' }).getByRole('listitem').first().waitFor();
}

/** The article of one revision in the history list. */
export function revision(page: Page, version: number) {
  return page.getByRole('article', { name: new RegExp(`^Version ${version}\\b`) });
}

/**
 * The element that has the keyboard focus as a screen reader names it: its accessible name from
 * Chromium's accessibility tree (Playwright's ARIA snapshot, e.g. `- textbox "Host"`), with its
 * role too when `withRole`. Empty when nothing has the focus.
 */
export async function focusedText(page: Page, withRole = false): Promise<string> {
  const focused = page.locator('*:focus');
  if ((await focused.count()) === 0) return '';
  const snapshot = (await focused.first().ariaSnapshot()).split('\n')[0] ?? '';
  const match = /^- ([\w-]+)(?: "((?:[^"\\]|\\.)*)")?/.exec(snapshot);
  // A <summary> (Chromium's disclosure triangle) shows as its text: that text is its name.
  const text = /^- text: (.*)$/.exec(snapshot);
  if (text) return withRole ? `summary "${text[1] ?? ''}"` : (text[1] ?? '');
  if (!match) return snapshot;
  const name = (match[2] ?? '').replace(/\\"/g, '"');
  return withRole ? `${match[1]} "${name}"` : name;
}
