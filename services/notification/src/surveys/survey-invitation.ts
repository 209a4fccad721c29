import { createHash, randomBytes } from "node:crypto";
import type { CitizenContact, Envelope, HandlingSnapshot, RequestStatusChangedV1 } from "@guichet/contracts";
import type { SqlExecutor } from "@guichet/db";
import type { MessageComposer } from "../acknowledgements/message-composer.ts";
import { queueMessage } from "../acknowledgements/queue-message.ts";
import { chooseChannel } from "../policy/notification-policy.ts";

export interface SurveyOptions {
  /** Base of the survey page's private links, e.g. https://guichet.loire-authion.fr/satisfaction; null: no survey. */
  baseUrl: string | null;
}

/** Outcomes after which asking for an opinion makes no sense. */
const NOT_SURVEYED = new Set(["duplicate", "withdrawn"]);

/**
 * Queues the satisfaction survey invitation of a request just closed: at most one per request
 * (dedupe key '' under the message table's unique key, so a reopened and closed again request,
 * a redelivery or a second instance never invites twice), by e-mail or SMS only; a citizen reached
 * by letter or not at all is asked by the agent at the counter or on the phone instead.
 */
export async function queueSurveyInvitation(
  tx: SqlExecutor,
  deps: { composer: MessageComposer; messageIdDomain: string; smsEnabled: boolean; survey: SurveyOptions },
  closed: Envelope<RequestStatusChangedV1>,
  contact: CitizenContact,
  handling: HandlingSnapshot | null,
): Promise<boolean> {
  const data = closed.data;
  if (!deps.survey.baseUrl || data.to !== "closed" || NOT_SURVEYED.has(data.outcome ?? "")) return false;
  const choice = chooseChannel("survey", contact, { smsEnabled: deps.smsEnabled });
  if (!choice) return false;
  const token = randomBytes(24).toString("base64url");
  const stored = deps.composer.survey({
    reference: data.reference,
    serviceId: data.serviceId,
    serviceName: handling?.service.name ?? data.serviceId,
    link: `${deps.survey.baseUrl.replace(/\/+$/, "")}/${token}`,
    tokenHash: createHash("sha256").update(token).digest("hex"),
  });
  return queueMessage(tx, {
    requestId: data.requestId,
    reference: data.reference,
    kind: "survey",
    channel: choice.channel,
    address: choice.address,
    rendered: deps.composer.render(stored, choice.channel),
    stored,
    cause: closed,
    messageIdDomain: deps.messageIdDomain,
  });
}
