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

/** The accessible text of the element that has the keyboard focus (evaluated in the page: the tests have no DOM types). */
export async function focusedText(page: Page): Promise<string> {
  return page.evaluate<string>(
    '(document.activeElement && (document.activeElement.getAttribute("aria-label") || document.activeElement.textContent || "").trim()) || ""',
  );
}
