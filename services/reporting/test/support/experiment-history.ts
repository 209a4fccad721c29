import { randomUUID } from "node:crypto";
import type pg from "pg";

/** Deterministic pseudo-random numbers (mulberry32): the same history on every run. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** How a site's requests behave during a period. */
export interface Behaviour {
  site: string;
  from: string;
  days: number;
  requestsPerDay: number;
  channelShares: Record<"counter" | "phone" | "web" | "email", number>;
  /** Mean business hours to the first response (exponential, rounded to the minute). */
  firstResponseMeanHours: number;
  /** Share of closed requests resolved at the first contact (no transfer, no pause). */
  firstContactShare: number;
  callsPerDay: number;
  pickUpRate: number;
  /** Share of closed requests answering the survey, and the weights of scores 1..5. */
  surveyAnswerShare: number;
  scoreWeights: [number, number, number, number, number];
}

function pick<T extends string>(random: () => number, weights: Record<T, number>): T {
  const entries = Object.entries(weights) as [T, number][];
  const total = entries.reduce((s, [, w]) => s + w, 0);
  let r = random() * total;
  for (const [key, w] of entries) {
    r -= w;
    if (r <= 0) return key;
  }
  return (entries[entries.length - 1] as [T, number])[0];
}

/**
 * Writes a generated history into the projections, as replaying its events would leave them:
 * request_fact (channel, site, delays, closing), call_fact and survey answers. Returns the counts.
 */
export async function generateHistory(db: pg.Client, schema: string, random: () => number, b: Behaviour) {
  const requests: unknown[][] = [[], [], [], [], [], [], [], [], [], [], []];
  const calls: unknown[][] = [[], [], [], []];
  const answers: unknown[][] = [[], []];
  const start = Date.parse(`${b.from}T08:00:00+01:00`);
  for (let day = 0; day < b.days; day += 1) {
    const base = start + day * 86_400_000;
    for (let i = 0; i < b.requestsPerDay; i += 1) {
      const id = randomUUID();
      const received = new Date(base + Math.floor(random() * 9 * 3600_000));
      const firstResponseHours = Math.round(-Math.log(1 - random()) * b.firstResponseMeanHours * 60) / 60;
      const firstContact = random() < b.firstContactShare;
      const [c0, c1, c2, c3, c4, c5, c6, c7, c8, c9, c10] = requests as [
        unknown[],
        unknown[],
        unknown[],
        unknown[],
        unknown[],
        unknown[],
        unknown[],
        unknown[],
        unknown[],
        unknown[],
        unknown[],
      ];
      c0.push(id);
      c1.push(pick(random, b.channelShares));
      c2.push(b.site);
      c3.push(received.toISOString());
      c4.push(new Date(received.getTime() + firstResponseHours * 3600_000).toISOString());
      c5.push(new Date(received.getTime() + 5 * 86_400_000).toISOString());
      c6.push(firstResponseHours);
      c7.push(Math.round(random() * 8 * 60) / 60);
      c8.push(firstContact ? 0 : random() < 0.5 ? 1 : 0);
      c9.push(firstContact ? 0 : 2);
      c10.push(new Date(received.getTime() + (firstResponseHours + 24) * 3600_000).toISOString());
      if (random() < b.surveyAnswerShare) {
        answers[0]?.push(id);
        answers[1]?.push(
          Number(
            pick(random, {
              1: b.scoreWeights[0],
              2: b.scoreWeights[1],
              3: b.scoreWeights[2],
              4: b.scoreWeights[3],
              5: b.scoreWeights[4],
            }),
          ),
        );
      }
    }
    for (let i = 0; i < b.callsPerDay; i += 1) {
      calls[0]?.push(randomUUID());
      calls[1]?.push(b.site);
      calls[2]?.push(new Date(base + Math.floor(random() * 9 * 3600_000)).toISOString());
      calls[3]?.push(random() < b.pickUpRate ? "answered" : "abandoned");
    }
  }
  await db.query(
    `INSERT INTO "${schema}".request_fact (request_id, channel, site_id, received_at, first_response_at,
       first_response_due_at, first_response_hours, acknowledgement_hours, transfer_count, paused_hours, closed_at,
       resolution_hours, status, service_id)
     SELECT id, channel, site, received, first_at, due, fr_hours, ack_hours, transfers, paused, closed, fr_hours + 8,
            'closed', 'etat-civil'
       FROM unnest($1::uuid[], $2::text[], $3::text[], $4::timestamptz[], $5::timestamptz[], $6::timestamptz[],
                   $7::float8[], $8::float8[], $9::int[], $10::float8[], $11::timestamptz[])
         AS t(id, channel, site, received, first_at, due, fr_hours, ack_hours, transfers, paused, closed)`,
    requests,
  );
  await db.query(
    `INSERT INTO "${schema}".call_fact (call_id, source, site_id, offered_at, outcome, wait_seconds, talk_seconds)
     SELECT id, 'cti', site, offered, outcome, 20, 120
       FROM unnest($1::text[], $2::text[], $3::timestamptz[], $4::text[]) AS t(id, site, offered, outcome)`,
    calls,
  );
  await db.query(
    `INSERT INTO "${schema}".survey_answer (request_id, score, channel, recorded_by_staff, answered_at)
     SELECT id, score, 'email', false, now() FROM unnest($1::uuid[], $2::int[]) AS t(id, score)`,
    answers,
  );
  return { requests: requests[0]?.length ?? 0, calls: calls[0]?.length ?? 0, answers: answers[0]?.length ?? 0 };
}
