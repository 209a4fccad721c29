import { readFileSync } from "node:fs";
import type { Channel, CitizenContact, LegalRegime, RequestReceivedV1 } from "@guichet/contracts";
import { parse } from "yaml";
import { z } from "zod";

/**
 * Which receipts are sent, per arrival channel and subject. The town tunes it (YAML file), the law
 * is the floor: an R112-5 acknowledgement is never suppressed for a request that asks for a decision
 * (sva, svr), whatever the rules or the citizen's "no reply" choice say.
 */
export type ReceiptKind = "registration" | "acknowledgement";
export type DeliveryChannel = "email" | "sms" | "letter";
export type MessageKindForChannel = ReceiptKind | "reply" | "status" | "transfer" | "survey";

const channelList = z.array(z.enum(["web", "email", "phone", "counter", "postal"])).min(1);

const ruleSchema = z.object({
  /** Human label, logged with the decision (no personal data). */
  name: z.string().min(1).max(120),
  when: z
    .object({
      channels: channelList.optional(),
      /** Subject ids; a trailing `.*` matches a whole family (`voirie.*`). */
      subjects: z.array(z.string().regex(/^[a-z0-9][a-z0-9.-]*(\.\*)?$/)).optional(),
      /** Intake sets metadata.answeredOnSpot = "true" for phone/counter questions answered at once. */
      answeredOnSpot: z.boolean().optional(),
    })
    .strict(),
  send: z.object({ registration: z.boolean().optional(), acknowledgement: z.boolean().optional() }).strict(),
});

export const policySchema = z
  .object({
    /** Arrival channels that get the registration receipt (L112-11 requires it for electronic ones). */
    registrationChannels: channelList.default(["web", "email"]),
    /** First matching rule wins, per receipt kind. */
    rules: z.array(ruleSchema).default([]),
  })
  .strict();
export type NotificationPolicy = z.infer<typeof policySchema>;

/** The default: no written acknowledgement for a phone or counter question answered on the spot. */
export const DEFAULT_POLICY: NotificationPolicy = policySchema.parse({
  rules: [
    {
      name: "answered on the spot",
      when: { channels: ["phone", "counter"], answeredOnSpot: true },
      send: { registration: false, acknowledgement: false },
    },
  ],
});

export function loadPolicyFile(path: string): NotificationPolicy {
  const parsed = policySchema.safeParse(parse(readFileSync(path, "utf8")));
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".") || "(file)"}: ${i.message}`);
    throw new Error(`invalid notification policy ${path}: ${problems.join("; ")}`);
  }
  return parsed.data;
}

export interface RequestFacts {
  channel: Channel;
  subjectId: string | null;
  /** Known once routed; null for the registration receipt or an unqualified request. */
  regime: LegalRegime | null;
  metadata: Readonly<Record<string, string>>;
  preferredChannel: CitizenContact["preferredChannel"];
}

/** The facts of a received request, about the subject (and its regime, once routed) it now has. */
export function requestFacts(
  received: Pick<RequestReceivedV1, "channel" | "metadata" | "citizen">,
  subjectId: string | null,
  regime: LegalRegime | null,
): RequestFacts {
  return {
    channel: received.channel,
    subjectId,
    regime,
    metadata: received.metadata ?? {},
    preferredChannel: received.citizen.preferredChannel,
  };
}

export interface ReceiptDecision {
  send: boolean;
  /** Why, for the log and the docs: a rule name, "default", "legal floor", "citizen chose none". */
  reason: string;
}

function matches(rule: NotificationPolicy["rules"][number], facts: RequestFacts): boolean {
  const { channels, subjects, answeredOnSpot } = rule.when;
  if (channels && !channels.includes(facts.channel)) return false;
  if (answeredOnSpot !== undefined && (facts.metadata.answeredOnSpot === "true") !== answeredOnSpot) return false;
  if (subjects) {
    const subject = facts.subjectId;
    if (!subject) return false;
    const hit = subjects.some((s) => (s.endsWith(".*") ? subject.startsWith(s.slice(0, -1)) : subject === s));
    if (!hit) return false;
  }
  return true;
}

export function decideReceipt(kind: ReceiptKind, facts: RequestFacts, policy: NotificationPolicy): ReceiptDecision {
  if (kind === "acknowledgement" && (facts.regime === "sva" || facts.regime === "svr")) {
    return { send: true, reason: "legal floor (R112-5, decision requested)" };
  }
  if (facts.preferredChannel === "none") return { send: false, reason: "citizen chose no reply" };
  for (const rule of policy.rules) {
    const wanted = rule.send[kind];
    if (wanted !== undefined && matches(rule, facts)) return { send: wanted, reason: rule.name };
  }
  if (kind === "registration") {
    return { send: policy.registrationChannels.includes(facts.channel), reason: "registration channels" };
  }
  return { send: true, reason: "default (L112-3)" };
}

/** Channels each kind of message may use, in the default order of preference. */
const CHANNELS_BY_KIND: Readonly<Record<MessageKindForChannel, readonly DeliveryChannel[]>> = {
  // An electronic receipt: e-mail, or a short SMS; a paper one is printed at the counter instead.
  registration: ["email", "sms"],
  // The R112-5 facts need room: e-mail or letter; an SMS notice only when nothing else reaches the citizen.
  acknowledgement: ["email", "letter", "sms"],
  // The agent's answer in full by e-mail or post; an SMS notice (call the service) only as a last resort.
  reply: ["email", "letter", "sms"],
  status: ["email", "sms", "letter"],
  transfer: ["email", "sms", "letter"],
  // A link to a web page: only where a link can be followed (the counter and the phone ask instead).
  survey: ["email", "sms"],
};

export interface ChannelChoice {
  channel: DeliveryChannel;
  /** E-mail address, E.164 phone number or postal address. */
  address: string;
}

function addressOn(channel: DeliveryChannel, contact: CitizenContact): string | null {
  if (channel === "email") return contact.email;
  if (channel === "sms") return contact.phone;
  return contact.postalAddress ? [contact.name, contact.postalAddress].filter(Boolean).join("\n") : null;
}

/**
 * The citizen's preferred channel when it fits the message and the contact has it, else the first
 * channel of the kind's order the contact has. `exclude` drops channels that already failed.
 */
export function chooseChannel(
  kind: MessageKindForChannel,
  contact: CitizenContact,
  options: { smsEnabled: boolean; exclude?: readonly DeliveryChannel[] },
): ChannelChoice | null {
  const allowed = CHANNELS_BY_KIND[kind].filter(
    (channel) => !(options.exclude ?? []).includes(channel) && (channel !== "sms" || options.smsEnabled),
  );
  const preferred = contact.preferredChannel;
  // An SMS cannot carry the R112-5 facts nor a full answer: preferring SMS never puts those before a letter.
  const fullText = kind === "acknowledgement" || kind === "reply";
  const honoured = preferred !== "none" && allowed.includes(preferred) && !(fullText && preferred === "sms");
  const order = honoured ? [preferred, ...allowed.filter((c) => c !== preferred)] : allowed;
  for (const channel of order) {
    const address = addressOn(channel, contact);
    if (address) return { channel, address };
  }
  return null;
}
