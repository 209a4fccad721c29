import { channelSchema } from "@guichet/contracts";
import { z } from "zod";
import { WEEKDAYS } from "./catalog.ts";

/*
 * The YAML shape of the catalogue, entry by entry. Objects are strict on purpose: a misspelt key
 * ("keyword:" for "keywords:") would otherwise be dropped silently and a subject would lose its
 * routing vocabulary without anyone noticing.
 * Cross-references (a subject's service, a service's calendar) are checked by the loader, which
 * sees the whole file.
 */

const catalogId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9.-]*$/, "identifiant non valable : lettres minuscules, chiffres, points et tirets uniquement")
  .max(80, "identifiant trop long : au plus 80 caractères");

/** Same pattern as the contract's `decisionDelay`: calendar months or days only. */
const isoDelay = z
  .string()
  .regex(
    /^P\d+[MD]$/,
    "délai non valable : une durée en mois ou en jours au format ISO 8601, par exemple P2M (2 mois) ou P15D (15 jours)",
  );

const businessDays = z.number().int().nonnegative();

export const communeYaml = z.strictObject({
  name: z.string().min(1),
  timezone: z.string().min(1),
  public_holidays: z.string().min(1).default("FR"),
  reference_prefix: z
    .string()
    .regex(/^[A-Z]{1,6}$/, "préfixe non valable : de 1 à 6 lettres majuscules, par exemple LA"),
});

export const defaultsYaml = z.strictObject({
  targets: z.strictObject({
    registration_receipt_minutes: z.number().int().nonnegative(),
    acknowledgement_business_days: businessDays,
    first_response_business_days: businessDays,
    resolution_business_days: businessDays,
  }),
  decision_delay: isoDelay.nullable().optional(),
});

export const calendarYaml = z.strictObject(
  Object.fromEntries(WEEKDAYS.map((day) => [day, z.array(z.string()).optional()])) as Record<
    (typeof WEEKDAYS)[number],
    z.ZodOptional<z.ZodArray<z.ZodString>>
  >,
);

export const siteYaml = z.strictObject({
  id: catalogId,
  name: z.string().min(1),
  commune_deleguee: z.string().min(1).optional(),
  kind: z.string().min(1),
  calendar: z.string().min(1),
  address: z.string().min(1).optional(),
  phone: z.string().min(1).optional(),
});

export const serviceYaml = z.strictObject({
  id: catalogId,
  name: z.string().min(1),
  role: z.enum(["service", "triage", "partner"]).optional(),
  email: z.email().optional(),
  phone: z.string().min(1).optional(),
  calendar: z.string().min(1),
  /** Site the service sits at; its address becomes the service's postal address. */
  site: z.string().min(1).optional(),
  address: z.string().min(1).optional(),
});

export const subjectYaml = z.strictObject({
  id: catalogId,
  service: z.string().min(1),
  label: z.string().min(1),
  // Checked by the loader so the message can list the allowed regimes and quote the bad one.
  regime: z.string(),
  decision_delay: isoDelay.optional(),
  acknowledgement_business_days: businessDays.optional(),
  first_response_business_days: businessDays.optional(),
  resolution_business_days: businessDays.optional(),
  keywords: z.array(z.string().trim().min(1, "un mot-clé ne peut pas être vide")).default([]),
});

export const ruleYaml = z.strictObject({
  id: catalogId,
  subject: z.string().min(1),
  priority: z.number().positive("la priorité doit être un nombre supérieur à 0").default(1),
  phrases: z.array(z.string().trim().min(1, "une expression ne peut pas être vide")).default([]),
  channels: z.array(channelSchema).default([]),
  sites: z.array(z.string().min(1)).default([]),
  communes: z.array(z.string().min(1)).default([]),
});

/** Sections are parsed loosely first so that one bad entry does not hide the problems of the others. */
export const catalogSectionsYaml = z.strictObject({
  commune: z.unknown(),
  defaults: z.unknown(),
  calendars: z.record(z.string(), z.unknown()),
  sites: z.array(z.unknown()),
  services: z.array(z.unknown()),
  subjects: z.array(z.unknown()),
  rules: z.array(z.unknown()).optional(),
});

export type SiteYaml = z.infer<typeof siteYaml>;
export type ServiceYaml = z.infer<typeof serviceYaml>;
export type SubjectYaml = z.infer<typeof subjectYaml>;
