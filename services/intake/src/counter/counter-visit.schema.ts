import { z } from "zod";
import { catalogId, requireReachable, staffContactSchema } from "../staff-pages/staff-contact.schema.ts";

/** A visit at a counter, as the agent notes it. French messages: agents read them next to the field. */
export const counterVisitSchema = z
  .object({
    siteId: catalogId.or(z.literal("")).refine((v) => v !== "", "le lieu de l’accueil est obligatoire"),
    subjectId: catalogId.nullish(),
    asked: z
      .string({ error: "ce que le visiteur demande est obligatoire" })
      .trim()
      .min(1, "ce que le visiteur demande est obligatoire")
      .max(20_000, "demande : 20 000 caractères au plus"),
    answeredOnTheSpot: z.string().trim().max(20_000, "réponse : 20 000 caractères au plus").nullish(),
    citizen: staffContactSchema,
  })
  .strict()
  .superRefine((value, ctx) => requireReachable(value.citizen, ctx));

export type CounterVisit = z.infer<typeof counterVisitSchema>;
