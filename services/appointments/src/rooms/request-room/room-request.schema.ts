import { z } from "zod";
import { toE164 } from "../../booking/citizen-contact.schema.ts";

const time = z.string().regex(/^([01]\d|2[0-4]):[0-5]\d$/, "Heure au format HH:MM, par exemple 14:00");

/** The room request form / JSON body. */
export const roomRequestSchema = z
  .object({
    roomId: z.string().min(1, "Choisissez une salle"),
    date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "Date au format AAAA-MM-JJ, par exemple 2027-03-13"),
    from: time,
    to: time,
    purpose: z.enum(["famille", "mariage", "association"], "Choisissez l’usage : famille, mariage ou association"),
    organisation: z.string().trim().max(200).optional(),
    attendees: z.coerce.number("Indiquez le nombre de personnes").int().min(1, "Au moins 1 personne").max(2000),
    description: z.string().trim().min(3, "Décrivez l’événement en quelques mots").max(1000, "1000 caractères au plus"),
    name: z.string().trim().min(2, "Indiquez votre nom").max(200),
    email: z
      .string()
      .trim()
      .max(254)
      .optional()
      .transform((value) => value || null)
      .pipe(z.email("Adresse e-mail invalide").nullable()),
    phone: z
      .string()
      .trim()
      .max(40)
      .optional()
      .transform((value, context) => {
        if (!value) return null;
        const e164 = toE164(value);
        if (!e164)
          context.addIssue({ code: "custom", message: "Numéro de téléphone invalide, par exemple 06 12 34 56 78" });
        return e164;
      }),
  })
  .superRefine((request, context) => {
    if (request.to <= request.from)
      context.addIssue({ code: "custom", path: ["to"], message: "L’heure de fin doit suivre l’heure de début" });
    if (!request.email && !request.phone)
      context.addIssue({
        code: "custom",
        path: ["email"],
        message: "Indiquez un e-mail ou un téléphone pour la réponse",
      });
    if (request.purpose === "association" && !request.organisation)
      context.addIssue({ code: "custom", path: ["organisation"], message: "Indiquez le nom de l’association" });
  });
export type RoomRequestInput = z.output<typeof roomRequestSchema>;
