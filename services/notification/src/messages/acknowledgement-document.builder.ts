import type { AcknowledgementContent, DecisionFacts } from "./acknowledgement-content.ts";
import type { MessageBlock, MessageDocument } from "./message-document.types.ts";
import { businessDaysText, channelText, delayText, serviceFactsBlock, signatureBlock } from "./message-format.util.ts";
import { formatLongDate } from "./paris-date.util.ts";
import { resolveWording, type Wording } from "./wording.resolver.ts";

/** Phrases the acknowledgement's facts; the same blocks feed the e-mail and the letter. */
export function buildAcknowledgementDocument(content: AcknowledgementContent): MessageDocument {
  const wording = resolveWording(content.locale, content.town.templates);
  const day = (date: string, weekday = true) => formatLongDate(date, content.locale, { weekday });
  const { reference, town } = content;

  const requestFacts = [
    { label: wording.text("common.label.reference"), value: reference },
    { label: wording.text("common.label.receivedOn"), value: day(content.receivedOn, false) },
  ];
  const subject = content.request.subjectLabel ?? content.request.title;
  if (subject) requestFacts.push({ label: wording.text("common.label.subject"), value: subject });

  const blocks: MessageBlock[] = [
    { kind: "heading", level: 1, text: wording.text("ack.title", { reference }) },
    { kind: "paragraph", text: wording.text("common.greeting", { citizenName: content.citizen.name }) },
    {
      kind: "paragraph",
      text: wording.text("ack.intro", {
        reference,
        receivedOn: day(content.receivedOn, false),
        title: content.request.title,
        channel: channelText(wording, content.channel),
      }),
    },
    { kind: "heading", level: 2, text: wording.text("ack.factsHeading") },
    { kind: "facts", items: requestFacts },
    { kind: "heading", level: 2, text: wording.text("ack.serviceHeading") },
    serviceFactsBlock(wording, content.service),
    { kind: "heading", level: 2, text: wording.text("ack.decisionHeading") },
    ...delayBlocks(content, wording, day),
    ...completenessBlocks(content, wording),
    ...appealBlocks(content.decision, wording, day),
    { kind: "paragraph", text: wording.text("common.closing") },
    signatureBlock(wording, content.service.name, town.name),
    { kind: "paragraph", text: wording.text("ack.legalBasis") },
  ];

  return {
    locale: content.locale,
    subject: wording.text("ack.subject", { reference }),
    sender: town.name,
    blocks,
    emailFooter: [wording.text("common.noReply", { senderAddress: town.senderAddress, websiteUrl: town.websiteUrl })],
  };
}

type DayFormat = (date: string, weekday?: boolean) => string;

function delayBlocks(content: AcknowledgementContent, wording: Wording, day: DayFormat): MessageBlock[] {
  const { decision, commitment } = content;
  const facts: { label: string; value: string }[] = [];
  if (commitment) facts.push({ label: wording.text("ack.label.firstResponseBy"), value: day(commitment.by) });
  if (decision.regime === "sva")
    facts.push({ label: wording.text("ack.label.acceptanceOn"), value: day(decision.decisionOn) });
  if (decision.regime === "svr")
    facts.push({ label: wording.text("ack.label.rejectionOn"), value: day(decision.decisionOn) });

  const blocks: MessageBlock[] = facts.length > 0 ? [{ kind: "facts", items: facts }] : [];
  if (commitment) {
    const firstResponseDelay = businessDaysText(wording, commitment.businessDays);
    blocks.push({
      kind: "paragraph",
      text: wording.text("ack.commitment", { firstResponseDelay, firstResponseBy: day(commitment.by) }),
    });
  }
  for (const text of regimeParagraphs(decision, wording, day)) blocks.push({ kind: "paragraph", text });
  return blocks;
}

function regimeParagraphs(decision: DecisionFacts, wording: Wording, day: DayFormat): string[] {
  switch (decision.regime) {
    case "sva": {
      const values = {
        decisionDelay: delayText(wording, decision.decisionDelay),
        decisionOn: day(decision.decisionOn),
      };
      return [wording.text("ack.sva", values), wording.text("ack.svaAttestation")];
    }
    case "svr":
      return [
        wording.text("ack.svr", {
          decisionDelay: delayText(wording, decision.decisionDelay),
          decisionOn: day(decision.decisionOn),
        }),
      ];
    case "information":
      return [wording.text("ack.information")];
    case "document":
      return [wording.text("ack.document")];
    case "external":
      return [wording.text("ack.external", { partnerName: decision.partnerName })];
    case "undetermined":
      return [wording.text("ack.undetermined")];
  }
}

function completenessBlocks(content: AcknowledgementContent, wording: Wording): MessageBlock[] {
  const { incomplete, missingDocuments } = content.completeness;
  if (!incomplete) return [];
  const decision = content.decision.regime === "sva" || content.decision.regime === "svr";
  const blocks: MessageBlock[] = [{ kind: "paragraph", text: wording.text("ack.incomplete", { decision }) }];
  if (missingDocuments.length > 0) {
    blocks.push(
      { kind: "paragraph", text: wording.text("ack.missingIntro") },
      { kind: "list", items: missingDocuments },
    );
  }
  return blocks;
}

function appealBlocks(decision: DecisionFacts, wording: Wording, day: DayFormat): MessageBlock[] {
  if (decision.regime !== "svr") return [];
  const { authority, court, telerecoursUrl } = decision.appeal;
  return [
    { kind: "heading", level: 2, text: wording.text("ack.appealHeading") },
    { kind: "paragraph", text: wording.text("ack.appealIntro", { decisionOn: day(decision.decisionOn) }) },
    {
      kind: "list",
      items: [
        wording.text("ack.appealGracieux", {
          mayorTitle: authority.title,
          townName: authority.townName,
          townPostalAddress: authority.postalAddress,
        }),
        wording.text("ack.appealContentieux", { courtName: court.name, courtAddress: court.address }),
      ],
    },
    { kind: "paragraph", text: wording.text("ack.appealTelerecours", { telerecoursUrl }) },
    { kind: "paragraph", text: wording.text("ack.appealNote") },
  ];
}
