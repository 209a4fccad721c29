import { waitFor } from "@guichet/testing";
import { signIn, type TestBrowser } from "@guichet/testing/browser";
import type { Page } from "playwright-core";
import { expect } from "vitest";

/**
 * What the stored-XSS tests inject and check: HTML and script that would set window.__xss if it
 * ran (a script, an event handler), and that must show as text.
 */
export const MARK = (field: string) =>
  `<script>window.__xss="${field}"</script><img src=x onerror="window.__xss='${field}'">'"><svg onload=window.__xss=1>`;

/** How the escaped mark reads in a page's HTML source. */
export const ESCAPED_MARK = "&lt;script&gt;window.__xss";

export const PASSWORD = "essai injection 2026";

/** A fresh browser context signed in through the gateway's /connexion form. */
export async function signedIn(chromium: TestBrowser, site: string, id: string): Promise<Page> {
  const context = await chromium.browser.newContext({ locale: "fr-FR" });
  const page = await context.newPage();
  await signIn(page, site, id, PASSWORD);
  return page;
}

/**
 * Nothing of the mark ran or became an element, and it shows as text (`shown: false` when the page
 * only holds it in a form field's value, checked by the caller).
 */
export async function expectShownAsText(page: Page, shown = true): Promise<void> {
  await page.waitForLoadState("networkidle");
  expect(await page.evaluate(() => (globalThis as { __xss?: unknown }).__xss)).toBeUndefined();
  expect(await page.locator("script:not([src])").count()).toBe(0);
  expect(await page.locator("img[src=x], svg[onload]").count()).toBe(0);
  if (shown) expect(await page.locator("body").textContent()).toContain('<script>window.__xss="');
}

/** Opens the page until it shows the escaped mark: most pages learn of the data from events. */
export async function openShowingMark(page: Page, url: string, status = 200): Promise<void> {
  await waitFor(
    async () => {
      const response = await page.goto(url);
      return response?.status() === status && (await page.content()).includes(ESCAPED_MARK);
    },
    { what: `injected text on ${url}`, timeoutMs: 20_000, intervalMs: 500 },
  );
}
