import { z } from "zod";
import { isKnownTimeZone } from "./local-time.ts";

/** A column by header name, or by 1-based position when the file has no header. */
const column = z.union([z.string().trim().min(1).max(120), z.number().int().min(1).max(500)]);

/**
 * Mapping of a generic call-log CSV (docs/channels.md, "Téléphone"). JSON file, French messages:
 * the town's operators write it.
 */
export const callMappingSchema = z
  .object({
    delimiter: z.string().min(1, "séparateur vide").max(2, "séparateur d’un ou deux caractères").default(","),
    header: z.boolean().default(true),
    /** Tokens yyyy MM dd HH mm ss, e.g. "dd/MM/yyyy HH:mm:ss"; "iso" for ISO 8601. */
    dateFormat: z.string().min(1).max(40).default("iso"),
    timeZone: z
      .string()
      .default("Europe/Paris")
      .refine(isKnownTimeZone, "fuseau horaire inconnu (nom IANA attendu, ex. Europe/Paris)"),
    columns: z
      .object({
        callId: column.optional(),
        caller: column,
        callee: column.optional(),
        queue: column.optional(),
        start: column,
        answer: column.optional(),
        end: column.optional(),
        agent: column.optional(),
        disposition: column.optional(),
        /** Seconds waited before an answer, when the file gives it instead of an answer time. */
        waitSeconds: column.optional(),
        /** Seconds of conversation, when the file gives it instead of an end time. */
        talkSeconds: column.optional(),
      })
      .strict(),
    /** Values of the disposition column for each outcome (compared without case). */
    dispositions: z
      .object({
        answered: z.array(z.string()).default([]),
        abandoned: z.array(z.string()).default([]),
        missed: z.array(z.string()).default([]),
      })
      .strict()
      .optional(),
  })
  .strict();

export type CallMapping = z.infer<typeof callMappingSchema>;
