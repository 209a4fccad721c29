import { createEvent, type SurveyChannel } from "@guichet/contracts";
import { type Outbox, withPgTransaction } from "@guichet/db";
import type pg from "pg";
import { z } from "zod";
import type { SurveyRepository } from "./survey.repository.ts";

/** The answer itself, from the citizen's form or an agent's. */
export const surveyAnswerSchema = z.object({
  score: z.coerce
    .number({ error: "Choisissez une note de 1 à 5." })
    .int("Choisissez une note de 1 à 5.")
    .min(1, "Choisissez une note de 1 à 5.")
    .max(5, "Choisissez une note de 1 à 5."),
  comment: z
    .string()
    .trim()
    .max(2000, "Le commentaire ne doit pas dépasser 2 000 caractères.")
    .optional()
    .transform((c) => (c ? c : null)),
});

/**
 * Records one satisfaction answer per request (PostgreSQL's primary key decides between two
 * concurrent answers) and announces it (survey.answered, without the comment) in the same transaction.
 */
export class RecordSurveyAnswerUseCase {
  constructor(
    private readonly pool: pg.Pool,
    private readonly surveys: SurveyRepository,
    private readonly outbox: Outbox,
  ) {}

  async execute(command: {
    requestId: string;
    score: number;
    comment: string | null;
    channel: SurveyChannel;
    byStaff: boolean;
    at?: Date;
  }): Promise<"recorded" | "already-answered"> {
    const at = command.at ?? new Date();
    return withPgTransaction(this.pool, async (tx) => {
      const inserted = await this.surveys.insertAnswer(tx, { ...command, at });
      if (!inserted) return "already-answered";
      await this.outbox.enqueue(
        tx,
        createEvent("surveyAnswered", {
          requestId: command.requestId,
          score: command.score,
          channel: command.channel,
          answeredAt: at.toISOString(),
        }),
      );
      return "recorded";
    });
  }
}
