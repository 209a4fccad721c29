import { z } from "zod";

export const catalogId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9.-]*$/, "identifiant du catalogue attendu")
  .max(80, "80 caractères au plus");

/** Contact of a visitor or a letter's sender, as an agent types it. French messages name the field. */
export const staffContactSchema = z
  .object({
    name: z
      .string({ error: "le nom est obligatoire" })
      .trim()
      .min(1, "le nom est obligatoire")
      .max(200, "nom : 200 caractères au plus"),
    email: z.email("adresse e-mail invalide").max(254, "adresse e-mail : 254 caractères au plus").nullish(),
    phone: z
      .string()
      .trim()
      .regex(/^[+0-9 ().-]{6,25}$/, "numéro de téléphone invalide")
      .nullish(),
    postalAddress: z.string().trim().max(500, "adresse postale : 500 caractères au plus").nullish(),
    preferredChannel: z.enum(["email", "sms", "letter", "none"], {
      error: "canal de réponse : e-mail, SMS, courrier ou aucun",
    }),
  })
  .strict();

/** The reply channel needs its contact: an e-mail address for e-mail, and so on. */
export function requireReachable(
  c: z.infer<typeof staffContactSchema>,
  ctx: z.RefinementCtx,
  path: readonly string[] = ["citizen"],
): void {
  if (c.preferredChannel === "none") return;
  const field = ({ email: "email", sms: "phone", letter: "postalAddress" } as const)[c.preferredChannel];
  if (!c[field]) {
    const how = { email: "par e-mail", sms: "par SMS", letter: "par courrier" }[c.preferredChannel];
    ctx.addIssue({ code: "custom", path: [...path, field], message: `obligatoire pour une réponse ${how}` });
  }
}

/** The flat form fields `citizen.*` as the nested contact document. */
export function contactOf(form: Record<string, string>, fallbackChannel: string) {
  const value = (name: string) => {
    const v = form[`citizen.${name}`]?.trim();
    return v ? v : undefined;
  };
  return {
    name: form["citizen.name"] ?? "",
    email: value("email"),
    phone: value("phone"),
    postalAddress: value("postalAddress"),
    preferredChannel: value("preferredChannel") ?? fallbackChannel,
  };
}
