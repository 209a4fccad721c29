import type { AppointmentSnapshot } from "@guichet/contracts";
import type { MessageBlock, MessageDocument } from "./message-document.types.ts";
import { formatLongDate, formatTime, parisDay } from "./paris-date.util.ts";
import { smsOf, toGsm7 } from "./sms-text.renderer.ts";
import type { TownIdentity } from "./town-identity.types.ts";

export type AppointmentMessageKind = "booked" | "rescheduled" | "cancelled" | "reminder";

/** What an appointment message states, stored with it (re-rendered on any channel). */
export interface AppointmentMessageContent {
  kind: AppointmentMessageKind;
  appointment: AppointmentSnapshot;
  /** For a move: when it was before. */
  previousStartsAt: string | null;
}

const SUBJECTS: Record<AppointmentMessageKind, string> = {
  booked: "Confirmation de votre rendez-vous",
  rescheduled: "Votre rendez-vous a été déplacé",
  cancelled: "Annulation de votre rendez-vous",
  reminder: "Rappel : votre rendez-vous",
};

function when(iso: string): string {
  const instant = new Date(iso);
  return `${formatLongDate(parisDay(instant), "fr", { weekday: true })} à ${formatTime(instant, "fr")}`;
}

/**
 * The confirmation, move, cancellation or reminder of an appointment, in French: what, when,
 * where, what to bring, and the private link to move or cancel it (except once cancelled).
 */
export function buildAppointmentDocument(content: AppointmentMessageContent, town: TownIdentity): MessageDocument {
  const { appointment } = content;
  const subject = `${SUBJECTS[content.kind]} ${content.kind === "rescheduled" ? "au" : "du"} ${when(appointment.startsAt)}`;
  const intro: Record<AppointmentMessageKind, string> = {
    booked: "Votre rendez-vous est réservé.",
    rescheduled: `Votre rendez-vous${content.previousStartsAt ? ` du ${when(content.previousStartsAt)}` : ""} a été déplacé.`,
    cancelled: "Votre rendez-vous est annulé. Le créneau est proposé à d’autres personnes.",
    reminder: "Nous vous rappelons votre rendez-vous.",
  };
  const blocks: MessageBlock[] = [
    { kind: "heading", level: 1, text: SUBJECTS[content.kind] },
    { kind: "paragraph", text: `Bonjour${appointment.citizen.name ? ` ${appointment.citizen.name}` : ""},` },
    { kind: "paragraph", text: intro[content.kind] },
    {
      kind: "facts",
      items: [
        { label: "Rendez-vous", value: appointment.offerName },
        { label: "Date", value: when(appointment.startsAt) },
        { label: "Lieu", value: [appointment.siteName, appointment.siteAddress].filter(Boolean).join(", ") },
        ...(appointment.requestReference ? [{ label: "Demande liée", value: appointment.requestReference }] : []),
      ],
    },
    ...(appointment.bring && content.kind !== "cancelled"
      ? [{ kind: "paragraph" as const, text: `À apporter : ${appointment.bring}` }]
      : []),
    ...(content.kind === "cancelled"
      ? []
      : [
          {
            kind: "link" as const,
            intro: "Pour déplacer ou annuler ce rendez-vous :",
            label: "Gérer mon rendez-vous",
            href: appointment.manageUrl,
          },
        ]),
    {
      kind: "paragraph",
      text: `Un empêchement ? Prévenez-nous${town.phone ? ` au ${town.phone}` : ""} : le créneau servira à quelqu’un d’autre.`,
    },
    { kind: "signature", lines: [`La mairie de ${town.name}`] },
  ];
  return {
    locale: "fr",
    subject,
    sender: town.name,
    blocks,
    emailFooter: [
      `Message envoyé automatiquement depuis ${town.senderAddress} : merci de ne pas y répondre. ${town.websiteUrl}`,
    ],
  };
}

/** The SMS: one or two segments, GSM-7 where possible, with the private link. */
export function appointmentSms(content: AppointmentMessageContent, town: TownIdentity) {
  const { appointment } = content;
  const lead: Record<AppointmentMessageKind, string> = {
    booked: "RDV confirme",
    rescheduled: "RDV deplace",
    cancelled: "RDV annule",
    reminder: "Rappel RDV",
  };
  const link = content.kind === "cancelled" ? "" : ` Deplacer/annuler : ${appointment.manageUrl}`;
  return smsOf(
    toGsm7(
      `Mairie de ${town.name} : ${lead[content.kind]} le ${when(appointment.startsAt)}, ${appointment.siteName}.${link}`,
    ),
  );
}
