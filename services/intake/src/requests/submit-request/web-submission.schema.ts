import { z } from "zod";

const catalogId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9.-]*$/, "identifiant du catalogue attendu")
  .max(80);

// NUL and other invisible control characters (tabs and line breaks are fine): PostgreSQL cannot
// store NUL, and nothing a citizen types contains the others.
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
// Bidirectional overrides and isolates turn "Facture \u202Efdp.exe" into "Facture exe.pdf" on an
// agent's screen: refused rather than shown.
const BIDI_CONTROL = /[\u202A-\u202E\u2066-\u2069]/;

/** A free text typed by a citizen: no control characters, no text-direction overrides. */
function typedText(text: z.ZodString) {
  return text
    .refine((value) => !CONTROL.test(value), "caractère invisible non autorisé (octet nul ou caractère de contrôle)")
    .refine((value) => !BIDI_CONTROL.test(value), "caractère d’inversion du sens d’écriture (U+202E…) non autorisé");
}

/** A citizen's web submission (JSON API and HTML form share it). Messages are French: citizens read them. */
export const webSubmissionSchema = z
  .object({
    subjectId: catalogId.nullish(),
    siteId: catalogId.nullish(),
    title: typedText(z.string().trim().max(300, "300 caractères au plus")).nullish(),
    body: typedText(
      z.string().trim().min(1, "la description de la demande est obligatoire").max(20_000, "20 000 caractères au plus"),
    ),
    citizen: z.object({
      name: typedText(z.string().trim().min(1, "le nom est obligatoire").max(200)),
      email: z.email("adresse e-mail invalide").max(254).nullish(),
      phone: z
        .string()
        .trim()
        .regex(/^[+0-9 ().-]{6,25}$/, "numéro de téléphone invalide")
        .nullish(),
      postalAddress: typedText(z.string().trim().max(500)).nullish(),
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
