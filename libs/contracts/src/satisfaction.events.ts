import { z } from "zod";

const catalogId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9.-]*$/)
  .max(80);
const instant = z.iso.datetime({ offset: true });
const localDay = z.iso.date();

/** Where a satisfaction answer was given: the citizen's link, or an agent asking at the counter / on the phone. */
export const surveyChannelSchema = z.enum(["email", "sms", "counter", "phone"]);
export type SurveyChannel = z.infer<typeof surveyChannelSchema>;

/**
 * Notification invited the citizen to rate how a closed request was handled (once per request).
 * The private link's token never travels: only its SHA-256, which the survey page matches on.
 */
export const surveyInvitedV1 = z.object({
  requestId: z.uuid(),
  reference: z.string(),
  serviceId: catalogId,
  channel: z.enum(["email", "sms"]),
  tokenHash: z.string().regex(/^[0-9a-f]{64}$/),
  invitedAt: instant,
});
export type SurveyInvitedV1 = z.infer<typeof surveyInvitedV1>;

/** A satisfaction answer (1–5). The free comment stays in reporting: it may hold personal data. */
export const surveyAnsweredV1 = z.object({
  requestId: z.uuid(),
  score: z.number().int().min(1).max(5),
  channel: surveyChannelSchema,
  answeredAt: instant,
});
export type SurveyAnsweredV1 = z.infer<typeof surveyAnsweredV1>;

/** What an organisational experiment compares its requests with. */
export const experimentComparisonSchema = z.discriminatedUnion("kind", [
  /** The same scope during an earlier period. */
  z.object({ kind: z.literal("before"), from: localDay, to: localDay }),
  /** Other sites during the same period. */
  z.object({ kind: z.literal("group"), siteIds: z.array(catalogId).min(1).max(50) }),
]);
export type ExperimentComparison = z.infer<typeof experimentComparisonSchema>;

/** A manager defined (or redefined) an organisational experiment. */
export const experimentDefinedV1 = z.object({
  experimentId: catalogId,
  name: z.string().min(1).max(200),
  hypothesis: z.string().min(1).max(2000),
  change: z.string().min(1).max(2000),
  from: localDay,
  to: localDay,
  siteIds: z.array(catalogId).max(50),
  channels: z.array(z.enum(["web", "email", "phone", "counter", "postal"])).max(5),
  subjectIds: z.array(catalogId).max(200),
  serviceIds: z.array(catalogId).max(50),
  comparison: experimentComparisonSchema,
  definedBy: z.string().max(120),
  definedAt: instant,
});
export type ExperimentDefinedV1 = z.infer<typeof experimentDefinedV1>;
