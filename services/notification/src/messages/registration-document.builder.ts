import type { RegistrationContent } from "./acknowledgement-content.ts";
import type { MessageBlock, MessageDocument } from "./message-document.types.ts";
import { paragraphsOf, signatureBlock } from "./message-format.util.ts";
import { formatLongDate, formatTime } from "./paris-date.util.ts";
import { resolveWording } from "./wording.resolver.ts";

export function buildRegistrationDocument(content: RegistrationContent): MessageDocument {
  const wording = resolveWording(content.locale, content.town.templates);
  const { reference, town, locale } = content;
  const receivedOn = formatLongDate(content.receivedOn, locale, { weekday: false });
  const receivedTime = formatTime(new Date(content.receivedAt), locale);

  const facts = [
    { label: wording.text("common.label.reference"), value: reference },
    { label: wording.text("common.label.receivedOn"), value: receivedOn },
    { label: wording.text("common.label.receivedTime"), value: receivedTime },
  ];
  if (content.request.title) facts.push({ label: wording.text("common.label.subject"), value: content.request.title });

  const blocks: MessageBlock[] = [
    { kind: "heading", level: 1, text: wording.text("reg.title", { reference }) },
    { kind: "paragraph", text: wording.text("common.greeting", { citizenName: content.citizen.name }) },
    { kind: "paragraph", text: wording.text("reg.intro", { reference, receivedOn, receivedTime }) },
    { kind: "facts", items: facts },
    { kind: "paragraph", text: wording.text("reg.next") },
  ];
  if (content.trackingUrl) {
    blocks.push({
      kind: "link",
      intro: wording.text("reg.tracking"),
      label: wording.text("reg.trackingLink", { reference }),
      href: content.trackingUrl,
    });
  }
  if (content.request.excerpt !== "") {
    blocks.push(
      { kind: "heading", level: 2, text: wording.text("reg.copyHeading") },
      { kind: "quote", paragraphs: paragraphsOf(content.request.excerpt) },
    );
  }
  blocks.push(
    { kind: "paragraph", text: wording.text("common.closing") },
    // Nobody is assigned yet: the town hall signs.
    signatureBlock(wording, "", town.name),
    { kind: "paragraph", text: wording.text(content.electronic ? "reg.legalBasis" : "reg.counterNote") },
  );

  return {
    locale,
    subject: wording.text("reg.subject", { reference }),
    sender: town.name,
    blocks,
    emailFooter: [wording.text("common.noReply", { senderAddress: town.senderAddress, websiteUrl: town.websiteUrl })],
  };
}
