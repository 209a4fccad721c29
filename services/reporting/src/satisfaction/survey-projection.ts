import type { SurveyInvitedV1 } from "@guichet/contracts";
import type { SqlExecutor } from "@guichet/db";

/** One invitation per request (notification sends one at most): the first one projected is kept. */
export async function projectSurveyInvitation(tx: SqlExecutor, schema: string, invited: SurveyInvitedV1) {
  await tx.$executeRawUnsafe(
    `INSERT INTO "${schema}".survey_invitation (request_id, token_hash, channel, service_id, invited_at)
     VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`,
    invited.requestId,
    invited.tokenHash,
    invited.channel,
    invited.serviceId,
    invited.invitedAt,
  );
}
