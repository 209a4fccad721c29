import { closingOutcomeSchema, deskStatusSchema } from "@guichet/contracts";
import { z } from "zod";

/** Empty form fields mean "not given". */
const blankToNull = (value: unknown) => (typeof value === "string" && value.trim() === "" ? null : value);

const id = (label: string) =>
  z.preprocess(
    blankToNull,
    z
      .string({ error: `${label} : valeur invalide` })
      .trim()
      .max(80, `${label} : 80 caractères au plus`)
      .nullable()
      .default(null),
  );

export const requestIdSchema = z.uuid({ error: "Demande : identifiant de demande invalide" });

export const deskListQuerySchema = z.object({
  serviceId: z.preprocess(blankToNull, z.string().max(80).nullable().default(null)),
  status: z.preprocess(
    blankToNull,
    z.enum(deskStatusSchema.options, { error: "Statut : valeur inconnue" }).nullable().default(null),
  ),
});

export const routeFromTriageSchema = z.object({
  subjectId: z.preprocess(blankToNull, z.string({ error: "Sujet : choisissez un sujet" }).trim().max(80)),
});

export const transferSchema = z
  .object({
    toServiceId: id("Service destinataire"),
    subjectId: id("Sujet"),
    reason: z.preprocess(
      blankToNull,
      z
        .string({ error: "Motif du transfert : obligatoire" })
        .trim()
        .min(1, "Motif du transfert : obligatoire")
        .max(2000, "Motif du transfert : 2 000 caractères au plus"),
    ),
  })
  .refine((input) => input.toServiceId !== null || input.subjectId !== null, {
    path: ["toServiceId"],
    message: "Service destinataire : choisissez un service ou un sujet",
  });

export const assignSchema = z.object({
  assigneeId: z.preprocess(
    blankToNull,
    z.string({ error: "Agent : identifiant invalide" }).trim().max(120, "Agent : 120 caractères au plus").nullable(),
  ),
  assigneeName: z.preprocess(blankToNull, z.string().trim().max(200).nullable().default(null)),
});

const text = (label: string, max: number) =>
  z.preprocess(
    blankToNull,
    z
      .string({ error: `${label} : obligatoire` })
      .trim()
      .min(1, `${label} : obligatoire`)
      .max(max, `${label} : ${max.toLocaleString("fr-FR")} caractères au plus`),
  );

export const noteSchema = z.object({ body: text("Note interne", 5000) });
export const replySchema = z.object({
  body: text("Réponse à l’usager", 20_000),
  /** Chosen by the form (or the API client): sending the same reply twice sends it once. */
  replyId: z.preprocess(blankToNull, z.uuid({ error: "Réponse : identifiant invalide" }).nullable().default(null)),
});

export const statusSchema = z
  .object({
    status: z.enum(["in-progress", "waiting-citizen", "closed"], {
      error: "Nouveau statut : choisissez « En cours », « En attente de l’usager » ou « Clôturée »",
    }),
    note: z.preprocess(
      blankToNull,
      z.string().trim().max(5000, "Message à l’usager : 5 000 caractères au plus").nullable().default(null),
    ),
    outcome: z.preprocess(
      blankToNull,
      z.enum(closingOutcomeSchema.options, { error: "Issue : valeur inconnue" }).nullable().default(null),
    ),
  })
  .superRefine((input, ctx) => {
    if (input.status === "waiting-citizen" && input.note === null)
      ctx.addIssue({
        code: "custom",
        path: ["note"],
        message: "Message à l’usager : obligatoire pour demander un complément",
      });
    if (input.status === "closed" && input.outcome === null)
      ctx.addIssue({ code: "custom", path: ["outcome"], message: "Issue : obligatoire pour clôturer" });
  })
  .transform((input) => ({
    status: input.status,
    note: input.note,
    outcome: input.status === "closed" ? input.outcome : null,
  }));
