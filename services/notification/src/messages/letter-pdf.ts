import PDFDocument from "pdfkit";
import type { AcknowledgementContent, RegistrationContent } from "./acknowledgement-content.ts";
import { buildAcknowledgementDocument } from "./acknowledgement-document.builder.ts";
import type { MessageBlock, MessageDocument } from "./message-document.types.ts";
import { formatLongDate, type PlainDate, plainDateToDate } from "./paris-date.util.ts";
import { buildRegistrationDocument } from "./registration-document.builder.ts";
import type { TownIdentity } from "./town-identity.types.ts";
import { NBSP, toWinAnsi } from "./typography.util.ts";
import { resolveWording } from "./wording.resolver.ts";

/**
 * Printed acknowledgements: the mail room's postal letter (address in the envelope window) and the
 * receipt printed at the counter. The standard Helvetica is used on purpose: nothing to embed, so
 * a letter renders in a few milliseconds; its WinAnsi encoding covers French (é à ç œ « » ’ €),
 * and toWinAnsi replaces what it cannot print.
 */
export type LetterVariant = "postal" | "counter";

export interface LetterOptions {
  /** Default: "postal" for an acknowledgement, "counter" for a registration receipt. */
  variant?: LetterVariant;
  /** Default true; golden tests turn it off to read the text operators. */
  compress?: boolean;
}

const MM = 72 / 25.4;
const PAGE = { width: 210 * MM, height: 297 * MM };
const MARGIN_X = 20 * MM;
const CONTENT_WIDTH = PAGE.width - 2 * MARGIN_X;
/**
 * Address block for a DL windowed envelope ("enveloppe à fenêtre", window 45 x 100 mm at 20 mm from
 * the right edge): the letter folded in three shows this zone. Check against the mail room's stock.
 */
const ADDRESS_WINDOW = { x: 110 * MM, y: 50 * MM, width: 80 * MM, height: 35 * MM };
const FOOTER_Y = PAGE.height - 15 * MM;
const BODY_BOTTOM = FOOTER_Y - 8 * MM;

const FONT = "Helvetica";
const FONT_BOLD = "Helvetica-Bold";

export function renderLetterPdf(
  content: AcknowledgementContent | RegistrationContent,
  town: TownIdentity,
  options: LetterOptions = {},
): Promise<Buffer> {
  const document =
    content.kind === "acknowledgement" ? buildAcknowledgementDocument(content) : buildRegistrationDocument(content);
  return renderDocumentLetterPdf(
    document,
    town,
    {
      reference: content.reference,
      issuedOn: content.issuedOn,
      citizen: content.citizen,
      service: content.kind === "acknowledgement" ? content.service : null,
    },
    { variant: options.variant ?? (content.kind === "acknowledgement" ? "postal" : "counter"), ...options },
  );
}

/** What a letter needs beyond its blocks: who it is for, when, and which service signs. */
export interface LetterFacts {
  reference: string;
  issuedOn: PlainDate;
  citizen: { name: string | null; postalAddress: string | null };
  /** Printed under the town's header with its contacts, when a service is in charge. */
  service: { name: string; email: string | null; phone: string | null } | null;
}

/** Any message document as a letter: follow-ups (reply, status, transfer) sent by post. */
export function renderDocumentLetterPdf(
  document: MessageDocument,
  town: TownIdentity,
  facts: LetterFacts,
  options: LetterOptions = {},
): Promise<Buffer> {
  const variant = options.variant ?? "postal";
  const wording = resolveWording(document.locale, town.templates);
  const issuedOn = formatLongDate(facts.issuedOn, document.locale, { weekday: false });
  const pdf = new PDFDocument({
    size: "A4",
    // The bottom margin keeps pdfkit's own page breaks above the footer line.
    margins: { top: 15 * MM, bottom: PAGE.height - BODY_BOTTOM, left: MARGIN_X, right: MARGIN_X },
    compress: options.compress ?? true,
    bufferPages: true,
    lang: document.locale === "fr" ? "fr-FR" : "en-GB",
    // A fixed creation date makes the file ID (an MD5 of the info dictionary) fixed too: same
    // content, same bytes, so print batches can be de-duplicated and golden-tested.
    info: {
      Title: toWinAnsi(document.subject),
      Author: toWinAnsi(town.name),
      Creator: "Guichet",
      Producer: "Guichet",
      CreationDate: plainDateToDate(facts.issuedOn),
    },
  });
  const chunks: Buffer[] = [];
  pdf.on("data", (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    pdf.on("end", () => resolve(Buffer.concat(chunks)));
    pdf.on("error", reject);
  });

  drawHeader(pdf, town, facts.service);
  if (variant === "postal") {
    drawAddress(pdf, facts.citizen);
    pdf
      .font(FONT)
      .fontSize(10)
      .text(print(wording.text("letter.place", { townName: town.name, issuedOn })), ADDRESS_WINDOW.x, 95 * MM, {
        width: ADDRESS_WINDOW.width,
      });
    pdf.y = 108 * MM;
  } else {
    pdf
      .font(FONT)
      .fontSize(10)
      .text(print(wording.text("letter.place", { townName: town.name, issuedOn })), ADDRESS_WINDOW.x, 15 * MM, {
        width: ADDRESS_WINDOW.width,
        align: "right",
      });
    pdf.y = Math.max(pdf.y, 45 * MM);
  }
  pdf.x = MARGIN_X;
  pdf
    .font(FONT_BOLD)
    .fontSize(10)
    .text(print(wording.text("letter.object", { subject: document.subject })), MARGIN_X, pdf.y, {
      width: CONTENT_WIDTH,
    });
  pdf.moveDown(1);
  drawBody(pdf, document);
  if (variant === "counter") {
    pdf.moveDown(0.5);
    paragraph(pdf, wording.text("letter.counterHandover", { issuedOn }));
  }
  drawFooters(pdf, town, facts.reference);
  pdf.end();
  return done;
}

function print(text: string): string {
  return toWinAnsi(text);
}

function drawHeader(pdf: PDFKit.PDFDocument, town: TownIdentity, service: LetterFacts["service"]): void {
  const width = 80 * MM;
  pdf
    .font(FONT_BOLD)
    .fontSize(14)
    .fillColor("#000091")
    .text(print(town.name), MARGIN_X, 15 * MM, { width });
  pdf.font(FONT).fontSize(9).fillColor("#1e1e1e");
  for (const line of [...splitAddress(town.postalAddress), town.websiteUrl]) pdf.text(print(line), { width });
  if (service) {
    pdf.moveDown(0.5).font(FONT_BOLD).text(print(service.name), { width });
    pdf.font(FONT);
    for (const line of [service.email, service.phone]) if (line) pdf.text(print(line), { width });
  }
}

/** French postal addresses: one line per comma-separated part unless the citizen gave line breaks. */
function splitAddress(address: string): string[] {
  const lines = address.includes("\n") ? address.split("\n") : address.split(",");
  return lines.map((line) => line.trim()).filter((line) => line !== "");
}

function addressLines(citizen: { name: string | null; postalAddress: string | null }): string[] {
  return [citizen.name ?? "", ...splitAddress(citizen.postalAddress ?? "")].filter((line) => line !== "");
}

function drawAddress(pdf: PDFKit.PDFDocument, citizen: { name: string | null; postalAddress: string | null }): void {
  pdf.font(FONT).fontSize(11).fillColor("#000000");
  let y = ADDRESS_WINDOW.y;
  // AFNOR NF Z 10-011 allows six lines; what does not fit the window would be hidden by the envelope.
  for (const line of addressLines(citizen).slice(0, 6)) {
    pdf.text(print(line), ADDRESS_WINDOW.x, y, { width: ADDRESS_WINDOW.width, lineBreak: false, ellipsis: true });
    y += 5 * MM;
  }
}

function ensureRoom(pdf: PDFKit.PDFDocument, height: number): void {
  if (pdf.y + height > BODY_BOTTOM) {
    pdf.addPage();
    pdf.y = 20 * MM;
  }
  pdf.x = MARGIN_X;
}

function paragraph(
  pdf: PDFKit.PDFDocument,
  text: string,
  options: { bold?: boolean; indent?: number; size?: number } = {},
): void {
  const width = CONTENT_WIDTH - (options.indent ?? 0);
  const printable = print(text);
  pdf.font(options.bold ? FONT_BOLD : FONT).fontSize(options.size ?? 10);
  ensureRoom(pdf, Math.min(pdf.heightOfString(printable, { width }), 3 * 12));
  pdf.text(printable, MARGIN_X + (options.indent ?? 0), pdf.y, { width });
}

function drawBody(pdf: PDFKit.PDFDocument, document: MessageDocument): void {
  pdf.fillColor("#1e1e1e");
  const colon = document.locale === "fr" ? `${NBSP}: ` : ": ";
  for (const block of document.blocks) {
    drawBlock(pdf, block, colon);
    pdf.moveDown(0.6);
  }
}

function drawBlock(pdf: PDFKit.PDFDocument, block: MessageBlock, colon: string): void {
  switch (block.kind) {
    case "heading":
      // The letter's title is the "Objet" line; sections keep their headings.
      if (block.level === 2) {
        ensureRoom(pdf, 40);
        paragraph(pdf, block.text, { bold: true, size: 11 });
      }
      return;
    case "paragraph":
      paragraph(pdf, block.text);
      return;
    case "facts":
      for (const item of block.items) {
        const width = CONTENT_WIDTH;
        ensureRoom(pdf, 14);
        pdf
          .font(FONT_BOLD)
          .fontSize(10)
          .text(print(`${item.label}${colon}`), MARGIN_X, pdf.y, { width, continued: true });
        pdf.font(FONT).text(print(item.value));
      }
      return;
    case "list":
      for (const item of block.items) paragraph(pdf, `–  ${item}`, { indent: 4 * MM });
      return;
    case "link":
      paragraph(pdf, `${block.intro} ${block.href}`);
      return;
    case "quote":
      for (const text of block.paragraphs) paragraph(pdf, text, { indent: 6 * MM });
      return;
    case "signature":
      ensureRoom(pdf, 30);
      pdf
        .font(FONT)
        .fontSize(10)
        .text(print(block.lines.join("\n")), ADDRESS_WINDOW.x, pdf.y, { width: ADDRESS_WINDOW.width });
      pdf.x = MARGIN_X;
      return;
  }
}

function drawFooters(pdf: PDFKit.PDFDocument, town: TownIdentity, reference: string): void {
  const { start, count } = pdf.bufferedPageRange();
  for (let index = start; index < start + count; index++) {
    const page = pdf.switchToPage(index);
    // The footer sits inside the bottom margin: lift it while writing, or pdfkit would add a page.
    const bottom = page.margins.bottom;
    page.margins.bottom = 0;
    const text = `${town.name} — ${reference} — ${index - start + 1}/${count}`;
    pdf.font(FONT).fontSize(8).fillColor("#3a3a3a").text(print(text), MARGIN_X, FOOTER_Y, {
      width: CONTENT_WIDTH,
      align: "center",
      lineBreak: false,
    });
    page.margins.bottom = bottom;
  }
}
