import type { WordingOverrides } from "./wording.resolver.ts";

/** Languages the messages are written in. French is the legal language of the acknowledgement. */
export type Locale = "fr" | "en";

export interface AdministrativeCourt {
  /** e.g. "Tribunal administratif de Nantes" (the court with jurisdiction over Maine-et-Loire). */
  name: string;
  address: string;
}

/**
 * Who speaks in every message. Configured once per deployment; the acknowledgement copies what it
 * states (without the functions) so a message can be re-rendered later exactly as it was sent.
 */
export interface TownIdentity {
  name: string;
  /** How the recours gracieux is addressed (R112-5 appeal routes). */
  mayorTitle: "Monsieur le Maire" | "Madame la Maire";
  postalAddress: string;
  websiteUrl: string;
  administrativeCourt: AdministrativeCourt;
  /** The no-reply sender: printed so citizens know not to answer it. */
  senderAddress: string;
  locale?: Locale;
  /** General contact used when the catalogue lacks a service's e-mail (R112-5 still requires one). */
  contactEmail?: string;
  /** General phone used when the catalogue lacks a service's phone. */
  phone?: string;
  /** Public page where the citizen follows the request, if the town publishes one. */
  trackingUrl?: (reference: string) => string;
  /**
   * Name of the partner body for `external` subjects, keyed by subject id or service id (subject
   * wins). The routing snapshot only names the town's relay service, not the partner itself.
   */
  partnerNames?: Readonly<Record<string, string>>;
  /** The town's own wording, per locale and template key; validated before any use. */
  templates?: WordingOverrides;
}

/** What the content keeps of the town: plain data, serialisable with the message. */
export type TownSnapshot = Omit<TownIdentity, "trackingUrl">;

export function snapshotTown(town: TownIdentity): TownSnapshot {
  const { trackingUrl: _ignored, ...rest } = town;
  return rest;
}
