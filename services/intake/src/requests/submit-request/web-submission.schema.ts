import { z } from "zod";

const catalogId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9.-]*$/, "identifiant du catalogue attendu")
  .max(80);

/** A citizen's web submission (JSON API and HTML form share it). Messages are French: citizens read them. */
export const webSubmissionSchema = z
  .object({
    subjectId: catalogId.nullish(),
    siteId: catalogId.nullish(),
    title: z.string().trim().max(300, "300 caractères au plus").nullish(),
    body: z
      .string()
      .trim()
      .min(1, "la description de la demande est obligatoire")
      .max(20_000, "20 000 caractères au plus"),
    citizen: z.object({
      name: z.string().trim().min(1, "le nom est obligatoire").max(200),
      email: z.email("adresse e-mail invalide").max(254).nullish(),
      phone: z
        .string()
        .trim()
        .regex(/^[+0-9 ().-]{6,25}$/, "numéro de téléphone invalide")
        .nullish(),
      postalAddress: z.string().trim().max(500).nullish(),
      preferredChannel: z.enum(["email", "sms", "letter"]).default("email"),
    }),
  })
  .strict()
  .superRefine((value, ctx) => {
    const c = value.citizen;
    const reachable = { email: c.email, sms: c.phone, letter: c.postalAddress }[c.preferredChannel];
    if (!reachable) {
      const field = { email: "email", sms: "phone", letter: "postalAddress" }[c.preferredChannel];
      ctx.addIssue({
        code: "custom",
        path: ["citizen", field],
        message: `obligatoire pour une réponse par ${c.preferredChannel === "sms" ? "SMS" : c.preferredChannel === "letter" ? "courrier" : "e-mail"}`,
      });
    }
  });

export type WebSubmission = z.infer<typeof webSubmissionSchema>;
