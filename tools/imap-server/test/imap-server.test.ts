import { ImapFlow } from "imapflow";
import { afterEach, describe, expect, it } from "vitest";
import { type ImapServer, startImapServer } from "../src/index.ts";

const message = (n: number) =>
  `From: a@example.org\r\nTo: b@example.org\r\nSubject: test ${n}\r\nMessage-ID: <m${n}@example.org>\r\n\r\nBody ${n}\r\n`;

function client(server: ImapServer): ImapFlow {
  return new ImapFlow({
    host: "127.0.0.1",
    port: server.port,
    secure: false,
    auth: { user: "mairie", pass: "secret" },
    logger: false,
  });
}

describe("test IMAP server, driven by imapflow", () => {
  let server: ImapServer | undefined;
  afterEach(async () => {
    await server?.close();
  });

  it("serves UID SEARCH, UID FETCH of the source and UID STORE", async () => {
    server = await startImapServer({ users: { mairie: "secret" } });
    server.append("INBOX", message(1));
    server.append("INBOX", message(2));
    const imap = client(server);
    await imap.connect();
    const box = await imap.mailboxOpen("INBOX");
    expect(box.exists).toBe(2);
    expect(Number(box.uidValidity)).toBe(1);
    const uids = await imap.search({ uid: "2:*" }, { uid: true });
    expect(uids).toEqual([2]);
    const fetched = await imap.fetchOne("2", { source: true, uid: true }, { uid: true });
    expect(fetched === false ? "" : fetched.source?.toString()).toContain("Subject: test 2");
    await imap.messageFlagsAdd("2", ["\\Seen"], { uid: true });
    expect([...(server.messages("INBOX")[1]?.flags ?? [])]).toEqual(["\\Seen"]);
    expect([...(server.messages("INBOX")[0]?.flags ?? [])]).toEqual([]);
    await imap.logout();
  });

  it("tells an idling client about new mail", async () => {
    server = await startImapServer({ users: { mairie: "secret" } });
    const imap = client(server);
    await imap.connect();
    await imap.mailboxOpen("INBOX");
    const exists = new Promise<number>((resolve) =>
      imap.on("exists", (data: { count: number }) => resolve(data.count)),
    );
    const idling = imap.idle();
    await new Promise((resolve) => setTimeout(resolve, 50));
    server.append("INBOX", message(3));
    expect(await exists).toBe(1);
    expect(server.commands).toContain("IDLE");
    await imap.logout();
    await idling.catch(() => undefined);
  });

  it("refuses wrong credentials", async () => {
    server = await startImapServer({ users: { mairie: "secret" } });
    const imap = new ImapFlow({
      host: "127.0.0.1",
      port: server.port,
      secure: false,
      auth: { user: "mairie", pass: "wrong" },
      logger: false,
    });
    await expect(imap.connect()).rejects.toThrow();
  });
});
