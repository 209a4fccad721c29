import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { test, waitFor } from "@guichet/testing";
import { PDFDocument } from "pdf-lib";
import { describe, expect } from "vitest";
import {
  bootNotification,
  receivedEvent,
  routedEvent,
  TEST_IDENTITY_SECRET,
  TestPublisher,
} from "../support/notification.harness.ts";

const CLI = fileURLToPath(new URL("../../../../tools/cli/bin/guichet.mjs", import.meta.url));

describe("a citizen without e-mail or phone is answered by post", () => {
  // The CLI is a cold TypeScript start (tsx): allow for a loaded machine.
  test("the acknowledgement waits in the print queue; `guichet letters batch --out` prints it", {
    timeout: 120_000,
  }, async ({ database, namespace, natsUrl }) => {
    // No SMTP server is needed: nothing goes by e-mail.
    const service = await bootNotification({
      databaseUrl: database.url,
      natsUrl,
      namespace,
      smtpUrl: "smtp://127.0.0.1:9",
    });
    const publisher = await TestPublisher.connect(natsUrl, namespace);
    try {
      const received = receivedEvent({
        channel: "postal",
        citizen: {
          name: "Marcel Dupont",
          email: null,
          phone: null,
          postalAddress: "3 chemin des Vignes\nSaint-Mathurin-sur-Loire\n49250 Loire-Authion",
          preferredChannel: "letter",
        },
      });
      await publisher.publish("requestReceived", received);
      await publisher.publish("requestRouted", routedEvent(received, "sva"));
      await waitFor(async () => (await service.letters.pendingCount()).letters === 1 || undefined, {
        what: "the acknowledgement letter in the print queue",
      });
      const out = join(mkdtempSync(join(tmpdir(), "letters-")), "lot.pdf");
      const run = promisify(execFile);
      const { stdout } = await run(process.execPath, [CLI, "letters", "batch", "--out", out, "--url", service.url], {
        env: { ...process.env, GUICHET_IDENTITY_SECRET: TEST_IDENTITY_SECRET },
      });
      expect(stdout).toMatch(/^1 courrier\(s\), \d+ page\(s\)/);
      const pdf = await PDFDocument.load(readFileSync(out));
      expect(pdf.getPageCount()).toBeGreaterThanOrEqual(1);
      expect(await service.letters.pendingCount()).toEqual({ letters: 0, pages: 0 });
      const rows = await service.infrastructure.pool.query(
        "SELECT kind, channel, status, recipient_address FROM notification.message",
      );
      // Postal submissions get no electronic registration receipt; the acknowledgement went by post.
      expect(rows.rows).toEqual([
        {
          kind: "acknowledgement",
          channel: "letter",
          status: "sent",
          recipient_address: "Marcel Dupont\n3 chemin des Vignes\nSaint-Mathurin-sur-Loire\n49250 Loire-Authion",
        },
      ]);
    } finally {
      await publisher.close();
      await service.close();
    }
  });
});
