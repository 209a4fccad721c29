import { z } from "zod";
import { catalogId, requireReachable, staffContactSchema } from "../staff-pages/staff-contact.schema.ts";

/** Beyond this age the stamp date needs the agent's explicit confirmation (a letter found late). */
export const OLD_STAMP_DAYS = 60;

/** A letter as the mail room records it. French messages: agents read them next to the field. */
export const postalLetterSchema = z
  .object({
    stampDate: z.iso.date("date du cachet d’arrivée : date JJ/MM/AAAA attendue"),
    stampTime: z.iso.time({ precision: -1, error: "heure du cachet : HH:MM attendue" }).nullish(),
    confirmOldStamp: z.literal("oui").nullish(),
    siteId: catalogId.nullish(),
    subjectId: catalogId.nullish(),
    title: z.string().trim().max(300, "objet : 300 caractères au plus").nullish(),
    summary: z
      .string({ error: "le résumé du courrier est obligatoire" })
      .trim()
      .min(1, "le résumé du courrier est obligatoire")
      .max(20_000, "résumé : 20 000 caractères au plus"),
    citizen: staffContactSchema.extend({
      postalAddress: z
        .string({ error: "l’adresse de l’expéditeur est obligatoire" })
        .trim()
        .min(1, "l’adresse de l’expéditeur est obligatoire")
        .max(500, "adresse postale : 500 caractères au plus"),
    }),
  })
  .strict()
  .superRefine((value, ctx) => requireReachable(value.citizen, ctx));

export type PostalLetter = z.infer<typeof postalLetterSchema>;
