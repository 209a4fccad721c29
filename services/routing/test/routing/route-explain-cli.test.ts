import { spawn } from "node:child_process";
import { writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { test } from "@guichet/testing";
import { describe, expect } from "vitest";
import { bootRouting } from "./routing.harness.ts";

const cli = fileURLToPath(new URL("../../../../tools/cli/bin/guichet.mjs", import.meta.url));

function guichet(args: string[], stdin: string, env: Record<string, string | undefined> = {}) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    const child = spawn(process.execPath, [cli, ...args], { env: { ...process.env, DATABASE_URL: "", ...env } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => {
      stdout += d;
    });
    child.stderr.on("data", (d) => {
      stderr += d;
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

// Each command starts a Node process with tsx: slow on a loaded machine, hence the long timeout.
describe("guichet route --explain and guichet catalog", () => {
  test("explains from the database's active catalogue and model, else from the file; bad input exits 2", async ({
    database,
    natsUrl,
    namespace,
  }) => {
    const request = JSON.stringify({ channel: "email", subject: "Lampadaires", body: "Ils sont éteints rue du Port." });

    const fromFile = await guichet(["route", "--explain"], request, {
      DATABASE_URL: "postgres://nobody@127.0.0.1:1/none",
    });
    expect(fromFile.code).toBe(0);
    expect(JSON.parse(fromFile.stdout)).toMatchObject({
      serviceId: "voirie",
      subjectId: "voirie.eclairage",
      method: "rule",
    });
    expect(fromFile.stderr).toContain("catalogue: file ");
    expect(fromFile.stderr).toContain("database unreachable");

    const routing = await bootRouting({ databaseUrl: database.url, natsUrl, namespace });
    await routing.close();
    const fromDb = await guichet(["route", "--explain"], request, { DATABASE_URL: database.url });
    expect(fromDb.code).toBe(0);
    const decision = JSON.parse(fromDb.stdout) as Record<string, unknown>;
    expect(Object.keys(decision).sort()).toEqual(["confidence", "explanation", "method", "serviceId", "subjectId"]);
    expect(fromDb.stderr).toContain("database, catalogue version 1");
    expect(fromDb.stderr).toContain("database, model version 1");

    const invalid = await guichet(["route", "--explain"], JSON.stringify({ channel: "fax", body: "x" }));
    // (malformed JSON exits 2 the same way: parseExplainInput)
    expect(invalid.code).toBe(2);
    expect(invalid.stderr).toContain("channel:");
    // An import that orphans a subject is refused with the entry named; version 1 stays active.
    const exported = await guichet(["catalog", "export"], "", { DATABASE_URL: database.url });
    const broken = join(tmpdir(), `catalog-${namespace}.yaml`);
    await writeFile(broken, exported.stdout.replace("service: cimetieres", "service: cimetiere"));
    const refused = await guichet(["catalog", "import", broken], "", { DATABASE_URL: database.url });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(
      'subjects[6] (id "cimetieres.concession") : le service « cimetiere » n’existe pas dans le catalogue',
    );
    const again = await guichet(["route", "--explain"], request, { DATABASE_URL: database.url });
    expect(again.stderr).toContain("catalogue version 1");
  }, 300_000);
});
