import { z } from "zod";

const catalogId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9.-]*$/, "identifiant du catalogue attendu")
  .max(80, "80 caractères au plus");

/** What an agent notes of an answered call. French messages: agents read them next to the field. */
export const callNoteSchema = z
  .object({
    subjectId: catalogId.nullish(),
    siteId: catalogId.nullish(),
    title: z.string().trim().max(300, "300 caractères au plus").nullish(),
    asked: z
      .string({ error: "ce que l’appelant a demandé est obligatoire" })
      .trim()
      .min(1, "ce que l’appelant a demandé est obligatoire")
      .max(20_000, "20 000 caractères au plus"),
    answeredOnTheSpot: z.string().trim().max(20_000, "20 000 caractères au plus").nullish(),
    /** When the call took place, for a note without a switchboard call id (default: now). */
    calledAt: z.iso.datetime({ offset: true, error: "date et heure ISO 8601 avec fuseau attendues" }).nullish(),
    /** Length of the conversation, for a note without a switchboard call id. */
    talkSeconds: z.number().int("nombre entier de secondes").min(0).max(86_400).nullish(),
    citizen: z
      .object(
        {
          name: z
            .string({ error: "le nom de l’appelant est obligatoire" })
            .trim()
            .min(1, "le nom de l’appelant est obligatoire")
            .max(200, "200 caractères au plus"),
          phone: z
            .string()
            .trim()
            .regex(/^[+0-9 ().-]{6,25}$/, "numéro de téléphone invalide")
            .nullish(),
          email: z.email("adresse e-mail invalide").max(254, "254 caractères au plus").nullish(),
          postalAddress: z.string().trim().max(500, "500 caractères au plus").nullish(),
          preferredChannel: z
            .enum(["email", "sms", "letter", "none"], { error: "canal de réponse : email, sms, letter ou none" })
            .nullish(),
        },
        { error: "les coordonnées de l’appelant sont obligatoires" },
      )
      .strict(),
  })
  .strict()
  .superRefine((value, ctx) => {
    const c = value.citizen;
    if (!c.preferredChannel || c.preferredChannel === "none") return;
    const field = { email: "email", sms: "phone", letter: "postalAddress" }[c.preferredChannel];
    if (!c[field as "email" | "phone" | "postalAddress"]) {
      const how = { email: "par e-mail", sms: "par SMS", letter: "par courrier" }[c.preferredChannel];
      ctx.addIssue({ code: "custom", path: ["citizen", field], message: `obligatoire pour une réponse ${how}` });
    }
  });

export type CallNote = z.infer<typeof callNoteSchema>;
