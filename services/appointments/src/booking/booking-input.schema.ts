import { z } from "zod";
import { citizenInputSchema } from "./citizen-contact.schema.ts";

const start = z.iso.datetime({ offset: true, error: "Choisissez un créneau" }).transform((value) => new Date(value));
const reference = z
  .string()
  .trim()
  .max(40)
  .optional()
  .transform((value) => (value ? value.toUpperCase() : null))
  .pipe(
    z
      .string()
      .regex(/^[A-Z]{1,6}-\d{4}-\d{6,}$/, "Numéro de demande au format LA-2026-000123")
      .nullable(),
  );

/** A booking, from the web form, the agents' form or the JSON API (flat fields). */
export const bookingInputSchema = z
  .object({
    offerId: z.string().min(1, "Choisissez le type de rendez-vous").max(120),
    start,
    name: z.string().optional(),
    email: z.string().optional(),
    phone: z.string().optional(),
    postalAddress: z.string().optional(),
    preferredChannel: z.enum(["email", "sms", "letter"]).optional(),
    requestReference: reference,
    note: z
      .string()
      .trim()
      .max(1000)
      .optional()
      .transform((value) => value || null),
  })
  .transform((input, context) => {
    const citizen = citizenInputSchema.safeParse({
      name: input.name ?? "",
      email: input.email,
      phone: input.phone,
      postalAddress: input.postalAddress,
      preferredChannel: input.preferredChannel,
    });
    if (!citizen.success) {
      for (const issue of citizen.error.issues) context.addIssue({ ...issue, code: "custom", message: issue.message });
      return z.NEVER;
    }
    return {
      offerId: input.offerId,
      start: input.start,
      citizen: citizen.data,
      requestReference: input.requestReference,
      note: input.note,
    };
  });

export const rescheduleInputSchema = z.object({ start });
