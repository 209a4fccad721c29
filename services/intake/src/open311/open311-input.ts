import { z } from "zod";
import type { WebIntakeSubmission } from "../web/web-intake.ts";

const text = (max: number) => z.string().trim().max(max, `${max} caractères au plus`).optional();

/** GeoReport v2 `POST requests` fields (form-encoded); unknown fields (attribute[...], api_key) are ignored. */
export const open311InputSchema = z.object({
  jurisdiction_id: text(80),
  api_key: text(200),
  service_code: z
    .string({ error: "service_code : obligatoire" })
    .regex(/^[a-z0-9][a-z0-9.-]*$/, "service_code : code du catalogue attendu")
    .max(80),
  description: z
    .string({ error: "description : obligatoire" })
    .trim()
    .min(1, "description : obligatoire")
    .max(20_000, "description : 20 000 caractères au plus"),
  lat: z.coerce.number().min(-90, "lat : latitude invalide").max(90, "lat : latitude invalide").optional(),
  long: z.coerce.number().min(-180, "long : longitude invalide").max(180, "long : longitude invalide").optional(),
  address_string: text(500),
  address_id: text(120),
  email: z.email("email : adresse e-mail invalide").max(254).optional().or(z.literal("")),
  device_id: text(120),
  account_id: text(120),
  first_name: text(100),
  last_name: text(100),
  phone: z
    .string()
    .trim()
    .regex(/^[+0-9 ().-]{6,25}$/, "phone : numéro de téléphone invalide")
    .optional()
    .or(z.literal("")),
  media_url: z.url("media_url : URL invalide").max(2000).optional().or(z.literal("")),
});

export type Open311Input = z.infer<typeof open311InputSchema>;

/** As a web submission: the reply goes by e-mail when given, else SMS, else none (anonymous report). */
export function submissionOf(input: Open311Input): WebIntakeSubmission {
  const name = [input.first_name, input.last_name].filter(Boolean).join(" ");
  return {
    subjectId: input.service_code,
    siteId: null,
    title: null,
    body: input.address_string ? `${input.description}\n\nLieu : ${input.address_string}` : input.description,
    citizen: {
      name,
      email: input.email || null,
      phone: input.phone || null,
      postalAddress: null,
      preferredChannel: input.email ? "email" : input.phone ? "sms" : "none",
    },
  };
}
