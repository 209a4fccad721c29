import { existsSync, readFileSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { createRequire } from "node:module";
import { join } from "node:path";
import { type Browser, chromium, type Page } from "playwright-core";

/**
 * Debian's Chromium driven by playwright-core (never a downloaded browser). Playwright gives it a fresh temporary profile. Flags keep it from
 * reaching the network on its own: on a closed network those connections fail noisily.
 */
const CHROMIUM_CANDIDATES = [process.env.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser"];

export function findChromium(): string | null {
  return CHROMIUM_CANDIDATES.find((path): path is string => !!path && existsSync(path)) ?? null;
}

export interface TestBrowser {
  browser: Browser;
  close(): Promise<void>;
}

export async function launchBrowser(): Promise<TestBrowser> {
  const executablePath = findChromium();
  if (!executablePath)
    throw new Error("Chromium not found: install Debian's package (apt-get install chromium) or set CHROMIUM_PATH");
  const browser = await chromium.launch({
    executablePath,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  return {
    browser,
    async close() {
      await browser.close();
    },
  };
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: string[];
}

/**
 * Runs axe-core in the page with the WCAG 2.0/2.1 A and AA rules and returns the violations
 * (assert that the list is empty: the message then names each rule and element).
 */
export async function accessibilityViolations(page: Page): Promise<AxeViolation[]> {
  // Evaluated through the DevTools protocol rather than an injected <script> tag, which the site's
  // Content-Security-Policy rightly blocks (and the CSP must stay on so its violations show up).
  await page.evaluate(axeSource);
  return page.evaluate(async () => {
    // biome-ignore lint/suspicious/noExplicitAny: axe is injected into the page at run time
    const axe = (globalThis as any).axe;
    // biome-ignore lint/suspicious/noExplicitAny: the page's document
    const result = await axe.run((globalThis as any).document, {
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
    });
    // biome-ignore lint/suspicious/noExplicitAny: axe result shape
    return result.violations.map((v: any) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      // biome-ignore lint/suspicious/noExplicitAny: axe node shape
      nodes: v.nodes.map((n: any) => String(n.target)),
    }));
  });
}

/** Where screenshots of the main pages are kept as test artefacts (CI keeps test-artifacts/). */
export async function saveScreenshot(page: Page, name: string): Promise<string> {
  const dir = join(process.cwd(), "test-artifacts", "screenshots");
  await mkdir(dir, { recursive: true });
  const path = join(dir, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** Signs in through the site's /connexion form (the gateway's), and waits to be sent on. */
export async function signIn(page: Page, site: string, id: string, password: string): Promise<void> {
  await page.goto(`${site}/connexion`);
  await page.getByLabel("Identifiant").fill(id);
  await page.getByLabel("Mot de passe").fill(password);
  await Promise.all([
    page.waitForURL((url) => url.pathname !== "/connexion"),
    page.getByRole("button", { name: "Se connecter" }).click(),
  ]);
}
