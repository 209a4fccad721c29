import { createServer } from "node:http";
import { accessibilityViolations, launchBrowser } from "@guichet/testing/browser";
import { expect, it } from "vitest";

it("axe runs in Debian chromium", async () => {
  const server = createServer((_, res) => {
    res.setHeader("content-type", "text/html");
    res.end('<!doctype html><html><head><title>t</title></head><body><main><img src="x.png"></main></body></html>');
  }).listen(0);
  const port = (server.address() as { port: number }).port;
  const b = await launchBrowser();
  const page = await b.browser.newPage();
  await page.goto(`http://127.0.0.1:${port}/`);
  const v = await accessibilityViolations(page);
  expect(v.map((x) => x.id)).toContain("image-alt");
  await b.close();
  server.close();
}, 60000);
