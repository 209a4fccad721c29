import { describe, expect, it } from "vitest";
import { screenAttachments } from "./attachment-policy.ts";
import type { EmailAttachment } from "./parse-email.ts";

function file(filename: string | null, size = 1000, extra: Partial<EmailAttachment> = {}): EmailAttachment {
  return {
    filename,
    contentType: "application/octet-stream",
    size,
    content: Buffer.alloc(Math.min(size, 64), 0x25),
    sha256: `sha-${filename}`,
    inline: false,
    contentId: null,
    ...extra,
  };
}

const MB = 1024 * 1024;

describe("screenAttachments", () => {
  it("accepts allowed extensions whatever the declared type, and refuses the others", () => {
    const { accepted, refused } = screenAttachments([
      file("plan.PDF"),
      file("photo.heic"),
      file("outil.exe"),
      file("a.pdf.js"),
    ]);
    expect(accepted.map((a) => a.filename)).toEqual(["plan.PDF", "photo.heic"]);
    expect(refused.map((r) => [r.attachment.filename, r.reason])).toEqual([
      ["outil.exe", "forbidden-type"],
      ["a.pdf.js", "forbidden-type"],
    ]);
  });

  it("judges a nameless part by its media type", () => {
    const { accepted, refused } = screenAttachments([
      file(null, 10, { contentType: "message/rfc822" }),
      file(null, 10, { contentType: "application/zip" }),
    ]);
    expect(accepted).toHaveLength(1);
    expect(refused[0]?.reason).toBe("forbidden-type");
  });

  it("refuses a Windows executable renamed to .pdf", () => {
    const content = Buffer.alloc(128);
    content.write("MZ", 0, "latin1");
    content.writeUInt32LE(64, 0x3c);
    content.write("PE\0\0", 64, "latin1");
    expect(screenAttachments([file("facture.pdf", 128, { content })]).refused[0]?.reason).toBe("executable-content");
  });

  it("applies the per-file, count and total limits", () => {
    expect(screenAttachments([file("gros.pdf", 16 * MB)]).refused[0]?.reason).toBe("file-too-large");
    expect(screenAttachments([file("vide.txt", 0)]).refused[0]?.reason).toBe("empty-file");
    const eleven = Array.from({ length: 11 }, (_, i) => file(`p${i}.jpg`));
    expect(screenAttachments(eleven).refused.map((r) => r.reason)).toEqual(["too-many-files"]);
    const total = screenAttachments([file("a.pdf", 10 * MB), file("b.pdf", 10 * MB), file("c.pdf", 10 * MB)]);
    expect(total.accepted).toHaveLength(2);
    expect(total.refused[0]?.reason).toBe("total-size-exceeded");
  });

  it("gives attached files priority over inline images, then keeps the message order", () => {
    const logos = Array.from({ length: 10 }, (_, i) => file(`logo${i}.png`, 10, { inline: true }));
    const { accepted, refused } = screenAttachments([...logos, file("dossier.pdf")]);
    expect(accepted).toHaveLength(10);
    expect(accepted.at(-1)?.filename).toBe("dossier.pdf");
    expect(accepted[0]?.filename).toBe("logo0.png");
    expect(refused.map((r) => r.attachment.filename)).toEqual(["logo9.png"]);
  });
});
