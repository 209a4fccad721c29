import { z } from "zod";

/** "06 12 34 56 78", "+33 6 12 34 56 78" → "+33612345678"; other countries must be given in E.164. */
export function toE164(phone: string): string | null {
  const compact = phone.replace(/[\s.()-]/g, "");
  if (/^0[1-9]\d{8}$/.test(compact)) return `+33${compact.slice(1)}`;
  if (/^\+[1-9]\d{6,14}$/.test(compact)) return compact;
  if (/^00[1-9]\d{6,14}$/.test(compact)) return `+${compact.slice(2)}`;
  return null;
}

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `${max} caractères au plus`)
    .optional()
    .transform((value) => (value ? value : null));

/**
 * Who the appointment is for and how to reach them. The preferred channel defaults to e-mail, else
 * SMS, else a letter; the chosen one must have its address.
 */
export const citizenInputSchema = z
  .object({
    name: z.string().trim().min(2, "Indiquez le nom de la personne").max(200, "200 caractères au plus"),
    email: optionalText(254).pipe(z.email("Adresse e-mail invalide, par exemple prenom.nom@exemple.fr").nullable()),
    phone: optionalText(40).transform((value, context) => {
      if (value === null) return null;
      const e164 = toE164(value);
      if (!e164)
        context.addIssue({ code: "custom", message: "Numéro de téléphone invalide, par exemple 06 12 34 56 78" });
      return e164;
    }),
    postalAddress: optionalText(500),
    preferredChannel: z.enum(["email", "sms", "letter"]).optional(),
  })
  .transform((citizen, context) => {
    const preferredChannel =
      citizen.preferredChannel ??
      (citizen.email ? "email" : citizen.phone ? "sms" : citizen.postalAddress ? "letter" : undefined);
    const missing =
      preferredChannel === undefined
        ? {
            field: "email",
            message: "Indiquez au moins un moyen de vous joindre : e-mail, téléphone ou adresse postale",
          }
        : preferredChannel === "email" && !citizen.email
          ? { field: "email", message: "Indiquez l’adresse e-mail où recevoir la confirmation" }
          : preferredChannel === "sms" && !citizen.phone
            ? { field: "phone", message: "Indiquez le numéro de téléphone où recevoir le SMS" }
            : preferredChannel === "letter" && !citizen.postalAddress
              ? { field: "postalAddress", message: "Indiquez l’adresse postale où recevoir le courrier" }
              : null;
    if (missing || !preferredChannel) {
      context.addIssue({ code: "custom", path: [missing?.field ?? "email"], message: missing?.message ?? "" });
      return z.NEVER;
    }
    return { ...citizen, preferredChannel };
  });
export type CitizenInput = z.output<typeof citizenInputSchema>;
