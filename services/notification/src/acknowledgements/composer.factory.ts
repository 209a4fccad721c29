import { composeAcknowledgement, composeRegistrationReceipt } from "../messages/acknowledgement-content.ts";
import { renderAcknowledgementEmail, renderRegistrationEmail } from "../messages/email.renderer.ts";
import type { TownIdentity } from "../messages/town-identity.types.ts";
import type { MessageComposer } from "./message-composer.ts";

/** The legal content (messages/) behind the composer port the use cases depend on. */
export function createComposer(town: TownIdentity): MessageComposer {
  return {
    registration: (received) => renderRegistrationEmail(composeRegistrationReceipt(received, town)),
    acknowledgement: (received, routed) => renderAcknowledgementEmail(composeAcknowledgement(received, routed, town)),
  };
}
