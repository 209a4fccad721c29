import type { MessageBlock, MessageDocument } from "./message-document.types.ts";
import { type ContactLike, paragraphsOf, serviceFactsBlock, signatureBlock } from "./message-format.util.ts";
import { formatLongDate, type PlainDate } from "./paris-date.util.ts";
import type { Locale, TownIdentity } from "./town-identity.types.ts";
import { resolveWording, type Wording } from "./wording.resolver.ts";

interface StatusCommon {
  town: TownIdentity;
  reference: string;
  citizenName: string | null;
  /** Defaults to the town's locale. */
  locale?: Locale;
}

/** Follow-up messages after the acknowledgement. */
export type StatusMessageInput = StatusCommon &
  (
    | {
        kind: "reply";
        serviceName: string;
        /** The agent's answer, plain text; blank lines separate paragraphs. */
        replyText: string;
        /** L111-2: the citizen may know who handles the request; given when the town chooses to. */
        agentName?: string | null;
        agentRole?: string | null;
      }
    | {
        kind: "waiting-for-citizen";
        serviceName: string;
        missing: readonly string[];
        respondBy?: PlainDate | null;
        /** True when an implicit decision may arise: its delay is suspended (L114-5). */
        decisionPending: boolean;
      }
    | { kind: "closed"; serviceName: string; summary?: string | null }
    | { kind: "rerouted"; service: ContactLike; previousServiceName?: string | null }
  );

export function buildStatusDocument(input: StatusMessageInput): MessageDocument {
  const locale = input.locale ?? input.town.locale ?? "fr";
  const wording = resolveWording(locale, input.town.templates);
  const { reference, town } = input;
  const prefix = statusPrefix(input.kind);
  const serviceName = input.kind === "rerouted" ? input.service.name : input.serviceName;

  const blocks: MessageBlock[] = [
    { kind: "heading", level: 1, text: wording.text(`${prefix}.title`, { reference }) },
    { kind: "paragraph", text: wording.text("common.greeting", { citizenName: input.citizenName }) },
    ...statusBody(input, wording, locale),
    { kind: "paragraph", text: wording.text("common.closing") },
    signatureBlock(wording, serviceName, town.name),
  ];
  return {
    locale,
    subject: wording.text(`${prefix}.subject`, { reference }),
    sender: town.name,
    blocks,
    emailFooter: [wording.text("common.noReply", { senderAddress: town.senderAddress, websiteUrl: town.websiteUrl })],
  };
}

function statusPrefix(
  kind: StatusMessageInput["kind"],
): "status.reply" | "status.waiting" | "status.closed" | "status.rerouted" {
  return kind === "waiting-for-citizen" ? "status.waiting" : `status.${kind}`;
}

function statusBody(input: StatusMessageInput, wording: Wording, locale: Locale): MessageBlock[] {
  const { reference } = input;
  switch (input.kind) {
    case "reply": {
      const blocks: MessageBlock[] = [
        { kind: "paragraph", text: wording.text("status.reply.intro", { serviceName: input.serviceName, reference }) },
        { kind: "quote", paragraphs: paragraphsOf(input.replyText) },
      ];
      if (input.agentName) {
        const agent = wording.text("status.reply.agent", { agentName: input.agentName, agentRole: input.agentRole });
        blocks.push({ kind: "paragraph", text: agent });
      }
      return blocks;
    }
    case "waiting-for-citizen": {
      const blocks: MessageBlock[] = [
        {
          kind: "paragraph",
          text: wording.text("status.waiting.intro", { serviceName: input.serviceName, reference }),
        },
        // Without a note the service will say what is missing itself: no empty list.
        ...(input.missing.length > 0 ? [{ kind: "list", items: input.missing } as const] : []),
      ];
      if (input.respondBy) {
        const respondBy = formatLongDate(input.respondBy, locale);
        blocks.push({ kind: "paragraph", text: wording.text("status.waiting.respondBy", { respondBy }) });
      }
      if (input.decisionPending) blocks.push({ kind: "paragraph", text: wording.text("status.waiting.suspension") });
      return blocks;
    }
    case "closed":
      return [
        { kind: "paragraph", text: wording.text("status.closed.intro", { serviceName: input.serviceName, reference }) },
        ...(input.summary ? [{ kind: "quote", paragraphs: paragraphsOf(input.summary) } as const] : []),
        { kind: "paragraph", text: wording.text("status.closed.reopen") },
      ];
    case "rerouted":
      return [
        {
          kind: "paragraph",
          text: wording.text("status.rerouted.intro", {
            serviceName: input.service.name,
            previousServiceName: input.previousServiceName,
            reference,
          }),
        },
        serviceFactsBlock(wording, input.service),
        { kind: "paragraph", text: wording.text("status.rerouted.delays") },
      ];
  }
}
