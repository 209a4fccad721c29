import type { RequestReceivedV1, RequestRoutedV1 } from "@guichet/contracts";
import {
  type AcknowledgementContent,
  composeAcknowledgement,
  composeRegistrationReceipt,
  type RegistrationContent,
} from "../messages/acknowledgement-content.ts";
import { buildAcknowledgementDocument } from "../messages/acknowledgement-document.builder.ts";
import { type AlertContent, renderAlertEmail } from "../messages/alert-message.ts";
import {
  type AppointmentMessageContent,
  appointmentSms,
  buildAppointmentDocument,
} from "../messages/appointment-message.ts";
import {
  renderAcknowledgementEmail,
  renderRegistrationEmail,
  renderStatusMessage,
} from "../messages/email.renderer.ts";
import { renderHtml } from "../messages/html.renderer.ts";
import { type LetterFacts, renderDocumentLetterPdf, renderLetterPdf } from "../messages/letter-pdf.ts";
import type { MessageDocument } from "../messages/message-document.types.ts";
import { parisDay } from "../messages/paris-date.util.ts";
import { buildRegistrationDocument } from "../messages/registration-document.builder.ts";
import { renderAcknowledgementSms, renderRegistrationSms, renderStatusSms } from "../messages/sms-text.renderer.ts";
import { buildStatusDocument, type StatusMessageInput } from "../messages/status-document.builder.ts";
import { renderSurveyEmail, renderSurveySms, type SurveyContent } from "../messages/survey-message.ts";
import { renderText } from "../messages/text.renderer.ts";
import type { DeliveryChannel } from "../policy/notification-policy.ts";
import type { TownSettings } from "../templates/town-settings.ts";

export interface ComposedMessage {
  subject: string;
  /** E-mail text part, SMS text, or the letter's text (kept for agents and as proof). */
  text: string;
  html: string | null;
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/**
 * What a message states, as data, stored with it: any channel can be rendered from it again (a
 * bounced e-mail becomes a letter saying the same thing).
 */
export type StoredContent =
  | { type: "acknowledgement"; content: AcknowledgementContent }
  | { type: "registration"; content: RegistrationContent }
  | {
      type: "status";
      input: DistributiveOmit<StatusMessageInput, "town">;
      servicePhone: string | null;
      letter: LetterFacts;
    }
  /** Satisfaction survey invitation after closing: e-mail or SMS only. */
  | { type: "survey"; content: SurveyContent }
  /** Internal SLA alert to the service in charge: e-mail only, never to the citizen. */
  | { type: "alert"; content: AlertContent }
  /** Appointment confirmation, move, cancellation or reminder (services/appointments). */
  | { type: "appointment"; content: AppointmentMessageContent };

/** Builds what the citizen receives from events; the legal content lives in messages/. */
export class MessageComposer {
  constructor(private readonly town: TownSettings) {}

  registration(received: RequestReceivedV1): StoredContent {
    return { type: "registration", content: composeRegistrationReceipt(received, this.town.current()) };
  }

  acknowledgement(received: RequestReceivedV1, routed: RequestRoutedV1): StoredContent {
    return { type: "acknowledgement", content: composeAcknowledgement(received, routed, this.town.current()) };
  }

  status(input: DistributiveOmit<StatusMessageInput, "town">, servicePhone: string | null, letter: LetterFacts) {
    // Composed once now so a bad override fails here, not when sending.
    buildStatusDocument({ ...input, town: this.town.current() } as StatusMessageInput);
    return { type: "status", input, servicePhone, letter } satisfies StoredContent;
  }

  alert(content: AlertContent): StoredContent {
    return { type: "alert", content };
  }

  survey(content: Omit<SurveyContent, "townName">): StoredContent {
    return { type: "survey", content: { ...content, townName: this.town.current().name } };
  }

  appointment(content: AppointmentMessageContent): StoredContent {
    return { type: "appointment", content };
  }

  render(stored: StoredContent, channel: DeliveryChannel): ComposedMessage {
    if (stored.type === "appointment") return this.renderAppointment(stored.content, channel);
    if (stored.type === "survey") {
      if (channel === "email") return renderSurveyEmail(stored.content);
      if (channel === "sms") {
        const email = renderSurveyEmail(stored.content);
        return { subject: email.subject, text: renderSurveySms(stored.content).text, html: null };
      }
      throw new Error("a survey invitation is sent by e-mail or SMS only");
    }
    if (stored.type === "alert") {
      if (channel !== "email") throw new Error(`an alert is e-mailed only, not sent by ${channel}`);
      return renderAlertEmail(stored.content);
    }
    if (channel === "email") {
      const email =
        stored.type === "acknowledgement"
          ? renderAcknowledgementEmail(stored.content)
          : stored.type === "registration"
            ? renderRegistrationEmail(stored.content)
            : renderStatusMessage(this.statusInput(stored));
      return email;
    }
    if (channel === "sms") {
      const sms =
        stored.type === "acknowledgement"
          ? renderAcknowledgementSms(stored.content)
          : stored.type === "registration"
            ? renderRegistrationSms(stored.content)
            : renderStatusSms(this.statusInput(stored), stored.servicePhone);
      return { subject: this.document(stored).subject, text: sms.text, html: null };
    }
    const document = this.document(stored);
    return { subject: document.subject, text: renderText(document, { includeEmailFooter: false }), html: null };
  }

  /** The postal letter (PDF) for the mail room's print batch. */
  letterPdf(stored: StoredContent): Promise<Buffer> {
    if (stored.type === "alert" || stored.type === "survey")
      return Promise.reject(new Error(`a ${stored.type} message is never printed`));
    const town = this.town.current();
    if (stored.type === "appointment") {
      const { appointment } = stored.content;
      return renderDocumentLetterPdf(
        buildAppointmentDocument(stored.content, town),
        town,
        {
          reference: appointment.requestReference ?? `RDV ${appointment.appointmentId.slice(0, 8)}`,
          issuedOn: parisDay(new Date()),
          citizen: { name: appointment.citizen.name, postalAddress: appointment.citizen.postalAddress },
          service: null,
        },
        { variant: "postal" },
      );
    }
    if (stored.type === "status") {
      return renderDocumentLetterPdf(this.document(stored), town, stored.letter, { variant: "postal" });
    }
    return renderLetterPdf(stored.content, town, { variant: "postal" });
  }

  /** The registration receipt printed at the counter. */
  counterReceiptPdf(received: RequestReceivedV1): Promise<Buffer> {
    const town = this.town.current();
    return renderLetterPdf(composeRegistrationReceipt(received, town), town, { variant: "counter" });
  }

  private renderAppointment(content: AppointmentMessageContent, channel: DeliveryChannel): ComposedMessage {
    const town = this.town.current();
    const document = buildAppointmentDocument(content, town);
    if (channel === "sms") return { subject: document.subject, text: appointmentSms(content, town).text, html: null };
    if (channel === "email")
      return {
        subject: document.subject,
        text: renderText(document, { includeEmailFooter: true }),
        html: renderHtml(document),
      };
    return { subject: document.subject, text: renderText(document, { includeEmailFooter: false }), html: null };
  }

  private statusInput(stored: Extract<StoredContent, { type: "status" }>): StatusMessageInput {
    return { ...stored.input, town: this.town.current() } as StatusMessageInput;
  }

  private document(stored: Exclude<StoredContent, { type: "alert" | "survey" | "appointment" }>): MessageDocument {
    if (stored.type === "acknowledgement") return buildAcknowledgementDocument(stored.content);
    if (stored.type === "registration") return buildRegistrationDocument(stored.content);
    return buildStatusDocument(this.statusInput(stored));
  }
}
