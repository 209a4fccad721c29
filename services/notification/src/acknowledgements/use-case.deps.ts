import type { Inbox, Outbox } from "@guichet/db";
import type { NotificationStore } from "../notification.store.ts";
import type { NotificationPolicy } from "../policy/notification-policy.ts";
import type { SurveyOptions } from "../surveys/survey-invitation.ts";
import type { MessageComposer } from "./message-composer.ts";
import type { ReceiptRepository } from "./receipt.repository.ts";

/** What every notification use case is built with (one object: the constructors stay readable). */
export interface UseCaseDeps {
  db: NotificationStore;
  /** The receipt handlers' one-statement writes (hot path, through pg). */
  receipts: ReceiptRepository;
  inbox: Inbox;
  /** For the failure event when nobody can be reached (no usable contact). */
  outbox: Outbox;
  composer: MessageComposer;
  messageIdDomain: string;
  policy: NotificationPolicy;
  /** False when no SMS provider is configured: SMS is then never chosen. */
  smsEnabled: boolean;
  /** Satisfaction survey after closing (base URL of its links; null: no survey). */
  survey: SurveyOptions;
}
