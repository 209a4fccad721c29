import type { Channel } from "@guichet/contracts";
import type { MessageBlock } from "./message-document.types.ts";
import { unbreakable } from "./typography.util.ts";
import type { Wording } from "./wording.resolver.ts";

/** Phrasing helpers shared by every message, so each fact is worded the same way everywhere. */

export function businessDaysText(wording: Wording, count: number): string {
  return wording.text("common.businessDays", { count, plural: count > 1 });
}

/** "P2M" → "2 mois", "P15D" → "15 jours"; the calendar module has already validated the form. */
export function delayText(wording: Wording, isoDuration: string): string {
  const match = /^P(\d+)([YMD])$/.exec(isoDuration);
  if (!match) return isoDuration;
  const amount = Number(match[1]);
  if (match[2] === "D") return wording.text("common.days", { count: amount, plural: amount > 1 });
  const months = match[2] === "Y" ? amount * 12 : amount;
  return wording.text("common.months", { count: months, plural: months > 1 });
}

export function channelText(wording: Wording, channel: Channel): string {
  return wording.text(`common.channel.${channel}`);
}

export interface ContactLike {
  name: string;
  postalAddress: string | null;
  email: string | null;
  phone: string | null;
}

/** The service's R112-5 contact facts; absent ones are left out rather than printed empty. */
export function serviceFactsBlock(wording: Wording, service: ContactLike): MessageBlock {
  const items: { label: string; value: string }[] = [
    { label: wording.text("common.label.service"), value: service.name },
  ];
  if (service.postalAddress)
    items.push({ label: wording.text("common.label.postalAddress"), value: service.postalAddress });
  if (service.email) items.push({ label: wording.text("common.label.email"), value: service.email });
  if (service.phone) items.push({ label: wording.text("common.label.phone"), value: unbreakable(service.phone) });
  return { kind: "facts", items };
}

export function signatureBlock(wording: Wording, serviceName: string, townName: string): MessageBlock {
  const lines = wording.text("common.signature", { serviceName, townName }).split("\n");
  return { kind: "signature", lines: lines.map((line) => line.trim()).filter((line) => line !== "") };
}

/** Free text (a reply, a citizen's message) becomes paragraphs on blank lines, never markup. */
export function paragraphsOf(text: string): string[] {
  return text
    .replace(/\r\n?/g, "\n")
    .split(/\n{2,}/)
    .map((paragraph) => paragraph.trim())
    .filter((paragraph) => paragraph !== "");
}
