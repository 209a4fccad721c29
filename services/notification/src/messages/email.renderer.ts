import type { AcknowledgementContent, RegistrationContent } from "./acknowledgement-content.ts";
import { buildAcknowledgementDocument } from "./acknowledgement-document.builder.ts";
import { renderHtml } from "./html.renderer.ts";
import type { MessageDocument, RenderedEmail } from "./message-document.types.ts";
import { buildRegistrationDocument } from "./registration-document.builder.ts";
import { buildStatusDocument, type StatusMessageInput } from "./status-document.builder.ts";
import { renderText } from "./text.renderer.ts";

function toEmail(document: MessageDocument): RenderedEmail {
  return {
    subject: document.subject,
    text: renderText(document, { includeEmailFooter: true }),
    html: renderHtml(document),
  };
}

/** The "accusé de réception" (R112-5) as an e-mail; its subject always carries the reference. */
export function renderAcknowledgementEmail(content: AcknowledgementContent): RenderedEmail {
  return toEmail(buildAcknowledgementDocument(content));
}

/** The "accusé d'enregistrement" (L112-11) of an electronic submission. */
export function renderRegistrationEmail(content: RegistrationContent): RenderedEmail {
  return toEmail(buildRegistrationDocument(content));
}

/** Follow-ups: an agent's reply, a request for missing pieces, closing, re-routing. */
export function renderStatusMessage(input: StatusMessageInput): RenderedEmail {
  return toEmail(buildStatusDocument(input));
}
