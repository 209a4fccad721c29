import type { ReplyChannel } from "@guichet/contracts";
import { parsePhoneNumberWithError } from "libphonenumber-js/max";
import type { SubmitRequestCommand } from "../../requests/submit-request/submit-request.usecase.ts";
import type { PhoneCall } from "../phone-call.ts";

export const CALLBACK_TITLE = "Rappel demandé — appel manqué";

const dateTime = new Intl.DateTimeFormat("fr-FR", {
  timeZone: "Europe/Paris",
  dateStyle: "full",
  timeStyle: "short",
});

/** A missed or abandoned call that can be returned: an identified caller who did not reach an agent. */
export function owesCallback(call: PhoneCall): call is PhoneCall & { caller: string } {
  return call.outcome !== "answered" && call.callerStatus === "identified" && call.caller !== null;
}

/**
 * The callback request for a missed call. The legal date of receipt is the call's: the citizen
 * reached the town then. A mobile can receive the SMS acknowledgement; a landline gets none.
 */
export function callbackCommand(call: PhoneCall & { caller: string }): SubmitRequestCommand {
  const how = call.outcome === "abandoned" ? "a raccroché avant d’être pris en charge" : "n’a pas obtenu de réponse";
  const queue = call.queue ? ` (file « ${call.queue} »)` : "";
  return {
    channel: "phone",
    siteId: call.siteId,
    subjectId: null,
    title: CALLBACK_TITLE,
    body: `Appel du ${dateTime.format(call.offeredAt)}${queue} : l’appelant ${how} après ${call.waitSeconds} s d’attente. Rappeler le numéro indiqué dans la fiche.`,
    citizen: {
      name: null,
      email: null,
      phone: call.caller,
      postalAddress: null,
      preferredChannel: replyChannelOf(call.caller),
    },
    metadata: { callKey: call.key, callSource: call.source, callOutcome: call.outcome },
    receivedAt: call.offeredAt,
  };
}

function replyChannelOf(e164: string): ReplyChannel {
  try {
    const type = parsePhoneNumberWithError(e164).getType();
    return type === "MOBILE" || type === "FIXED_LINE_OR_MOBILE" ? "sms" : "none";
  } catch {
    return "none";
  }
}
