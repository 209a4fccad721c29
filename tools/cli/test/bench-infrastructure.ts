import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { inject } from "vitest";
import { type Infrastructure, startMailCatcherProcess } from "../src/bench/systems.ts";

/** What the bench's pipelines run on in a test: the suite's servers, a mail catcher, quiet logs. */
export async function benchInfrastructure(natsUrl: string) {
  const logDir = mkdtempSync(path.join(tmpdir(), "guichet-bench-test-"));
  const mail = await startMailCatcherProcess(logDir);
  const infra: Infrastructure = {
    adminUrl: inject("postgresAdminUrl"),
    natsUrl,
    smtpUrl: mail.smtpUrl,
    logDir,
    cpuProfile: false,
    replicas: 1,
    instances: 1,
    logLevel: "silent",
  };
  return { infra, mail };
}
