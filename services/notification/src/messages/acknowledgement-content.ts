import { addCalendarDuration, addJoursOuvres } from "@guichet/calendar";
import type { Channel, HandlingSnapshot, RequestReceivedV1, RequestRoutedV1 } from "@guichet/contracts";
import { LEGAL_TIME_ZONE, type PlainDate, parisDay } from "./paris-date.util.ts";
import { type Locale, snapshotTown, type TownIdentity, type TownSnapshot } from "./town-identity.types.ts";
import { resolveWording } from "./wording.resolver.ts";

/** The national portal to seize an administrative court online. */
export const TELERECOURS_CITOYENS_URL = "https://citoyens.telerecours.fr";

/** L231-1: two months is the default delay when the catalogue gives none for sva/svr. */
const DEFAULT_DECISION_DELAY = "P2M";

/** Appeal delay against an implicit rejection (CJA R421-1 and R421-2): two months. */
const APPEAL_DELAY_MONTHS = 2;

export interface ServiceContactFacts {
  name: string;
  postalAddress: string | null;
  email: string | null;
  phone: string | null;
}

/** What silence of the town will mean for this request, with the dates it produces. */
export type DecisionFacts =
  | { regime: "sva"; decisionDelay: string; decisionOn: PlainDate }
  | {
      regime: "svr";
      decisionDelay: string;
      decisionOn: PlainDate;
      appeal: {
        delayMonths: number;
        /** Recours gracieux: to the mayor, at the town hall's address. */
        authority: { title: string; townName: string; postalAddress: string };
        /** Recours contentieux. */
        court: { name: string; address: string };
        telerecoursUrl: string;
      };
    }
  | { regime: "information" }
  | { regime: "document" }
  | { regime: "external"; partnerName: string }
  /** The request was routed without a catalogue subject: nobody has qualified its regime yet. */
  | { regime: "undetermined" };

/** An R112-5 fact that could not be stated: the acknowledgement is then not compliant (L112-6). */
export type ComplianceGap = "service-postal-address" | "service-email" | "service-phone" | "legal-regime";

export interface AcknowledgementContent {
  kind: "acknowledgement";
  locale: Locale;
  reference: string;
  channel: Channel;
  /** The legal instant of receipt, as received (UTC ISO). */
  receivedAt: string;
  /** The legal date of receipt: the Paris calendar day of receivedAt. */
  receivedOn: PlainDate;
  /** Date printed on the letter. */
  issuedOn: PlainDate;
  citizen: { name: string | null; postalAddress: string | null; email: string | null };
  request: { title: string | null; subjectLabel: string | null };
  service: ServiceContactFacts;
  decision: DecisionFacts;
  /** The town's own commitment (first response target), null when the catalogue sets none. */
  commitment: { businessDays: number; by: PlainDate } | null;
  /** L114-5: an incomplete request gets told that the missing pieces will be asked for. */
  completeness: { incomplete: boolean; missingDocuments: readonly string[] };
  town: TownSnapshot;
  gaps: readonly ComplianceGap[];
}

export interface AcknowledgementOptions {
  /** When the acknowledgement is issued (letter date); defaults to the routing instant. */
  now?: Date;
  /** Set by the agent (or the intake form) when pieces are known to be missing. */
  incomplete?: boolean;
  missingDocuments?: readonly string[];
}

/**
 * Every fact CRPA R112-5 requires, as data: renderers only phrase them. Dates are computed from the
 * Paris day of receipt through @guichet/calendar, the one place that does calendar arithmetic.
 */
export function composeAcknowledgement(
  received: RequestReceivedV1,
  routed: RequestRoutedV1,
  town: TownIdentity,
  options: AcknowledgementOptions = {},
): AcknowledgementContent {
  if (received.requestId !== routed.requestId) {
    throw new Error(`Events of different requests: ${received.reference} / ${routed.reference}`);
  }
  const locale = town.locale ?? "fr";
  // Fail at composition, not at sending, if the town's wording overrides are invalid.
  resolveWording(locale, town.templates);

  const receivedAt = new Date(received.receivedAt);
  const { handling } = routed;
  const service = serviceFacts(handling, town);
  const decision = decisionFacts(receivedAt, handling, town);
  const firstResponseDays = handling.targets.firstResponseBusinessDays;
  const missingDocuments = options.missingDocuments ?? [];

  return {
    kind: "acknowledgement",
    locale,
    reference: received.reference,
    channel: received.channel,
    receivedAt: receivedAt.toISOString(),
    receivedOn: parisDay(receivedAt),
    issuedOn: parisDay(options.now ?? new Date(routed.routedAt)),
    citizen: {
      name: received.citizen.name,
      postalAddress: received.citizen.postalAddress,
      email: received.citizen.email,
    },
    request: { title: received.title, subjectLabel: handling.subject?.label ?? null },
    service,
    decision,
    commitment:
      firstResponseDays > 0
        ? {
            businessDays: firstResponseDays,
            by: parisDay(addJoursOuvres(receivedAt, firstResponseDays, { timeZone: LEGAL_TIME_ZONE })),
          }
        : null,
    completeness: { incomplete: (options.incomplete ?? false) || missingDocuments.length > 0, missingDocuments },
    town: snapshotTown(town),
    gaps: complianceGaps(service, decision),
  };
}

/** The town hall's own contacts stand in for a service the catalogue describes only partly. */
function serviceFacts(handling: HandlingSnapshot, town: TownIdentity): ServiceContactFacts {
  return {
    name: handling.service.name,
    postalAddress: handling.service.postalAddress ?? town.postalAddress,
    email: handling.service.email ?? town.contactEmail ?? null,
    phone: handling.service.phone ?? town.phone ?? null,
  };
}

function decisionFacts(receivedAt: Date, handling: HandlingSnapshot, town: TownIdentity): DecisionFacts {
  const subject = handling.subject;
  if (!subject) return { regime: "undetermined" };
  switch (subject.regime) {
    case "sva":
    case "svr": {
      const decisionDelay = subject.decisionDelay ?? DEFAULT_DECISION_DELAY;
      // The delay runs from the Paris day of receipt; the calendar keeps the Paris wall-clock time.
      const decisionOn = parisDay(addCalendarDuration(receivedAt, decisionDelay, { timeZone: LEGAL_TIME_ZONE }));
      if (subject.regime === "sva") return { regime: "sva", decisionDelay, decisionOn };
      return {
        regime: "svr",
        decisionDelay,
        decisionOn,
        appeal: {
          delayMonths: APPEAL_DELAY_MONTHS,
          authority: { title: town.mayorTitle, townName: town.name, postalAddress: town.postalAddress },
          court: { ...town.administrativeCourt },
          telerecoursUrl: TELERECOURS_CITOYENS_URL,
        },
      };
    }
    case "information":
      return { regime: "information" };
    case "document":
      return { regime: "document" };
    case "external":
      return {
        regime: "external",
        partnerName:
          town.partnerNames?.[subject.id] ?? town.partnerNames?.[handling.service.id] ?? handling.service.name,
      };
  }
}

function complianceGaps(service: ServiceContactFacts, decision: DecisionFacts): ComplianceGap[] {
  const gaps: ComplianceGap[] = [];
  if (!service.postalAddress) gaps.push("service-postal-address");
  if (!service.email) gaps.push("service-email");
  if (!service.phone) gaps.push("service-phone");
  if (decision.regime === "undetermined") gaps.push("legal-regime");
  return gaps;
}

export interface RegistrationContent {
  kind: "registration";
  locale: Locale;
  reference: string;
  channel: Channel;
  receivedAt: string;
  receivedOn: PlainDate;
  issuedOn: PlainDate;
  /** L112-11 applies to electronic submissions only; the counter hands a paper receipt. */
  electronic: boolean;
  citizen: { name: string | null; postalAddress: string | null; email: string | null };
  request: { title: string | null; excerpt: string };
  trackingUrl: string | null;
  town: TownSnapshot;
}

/** How much of the citizen's message the receipt quotes: enough to recognise it, not a full copy. */
const EXCERPT_LENGTH = 500;

/**
 * The "accusé d'enregistrement" (L112-11): sent at once for electronic submissions, before routing,
 * so it states only what is known at intake.
 */
export function composeRegistrationReceipt(
  received: RequestReceivedV1,
  town: TownIdentity,
  options: { now?: Date } = {},
): RegistrationContent {
  const locale = town.locale ?? "fr";
  resolveWording(locale, town.templates);
  const receivedAt = new Date(received.receivedAt);
  return {
    kind: "registration",
    locale,
    reference: received.reference,
    channel: received.channel,
    receivedAt: receivedAt.toISOString(),
    receivedOn: parisDay(receivedAt),
    issuedOn: parisDay(options.now ?? receivedAt),
    electronic: received.channel === "web" || received.channel === "email",
    citizen: {
      name: received.citizen.name,
      postalAddress: received.citizen.postalAddress,
      email: received.citizen.email,
    },
    request: { title: received.title, excerpt: excerpt(received.body, EXCERPT_LENGTH) },
    trackingUrl: town.trackingUrl ? town.trackingUrl(received.reference) : null,
    town: snapshotTown(town),
  };
}

function excerpt(body: string, max: number): string {
  const text = body.trim();
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  const lastSpace = cut.lastIndexOf(" ");
  return `${(lastSpace > max * 0.6 ? cut.slice(0, lastSpace) : cut).trimEnd()}…`;
}
