/** One citizen submission of the steady load, followed until it is accepted or given up. */
export interface Submission {
  index: number;
  /** The fault row that was running when it was sent. */
  row: string;
  idempotencyKey: string;
  /** The citizen's address: every e-mail about this request goes there. */
  email: string;
  attempts: number;
  /** Statuses and network errors seen before the final answer (e.g. 502, 503, "fetch failed"). */
  setbacks: string[];
  acceptedAt?: number;
  requestId?: string;
  reference?: string;
  /** Final refusal (a 4xx other than 408/409/429), or "abandon" once the retry deadline passed. */
  refused?: string;
}

export interface LoadOptions {
  webUrl: string;
  ratePerSecond: number;
  /** Bound on submissions waiting for an answer at once. */
  maxInFlight: number;
  /** A submission is retried (same Idempotency-Key) until this long after its first attempt. */
  retryForMs: number;
  run: string;
}

const retryable = new Set([408, 409, 425, 429, 500, 502, 503, 504]);

/**
 * A steady, bounded load of web submissions through the gateway, as a well-behaved client sends
 * them: each carries an Idempotency-Key and is retried with it after a network error or a 5xx/429
 * until a deadline, so "accepted" means the citizen was told their request was registered.
 */
export class SteadyLoad {
  readonly submissions: Submission[] = [];
  private readonly options: LoadOptions;
  private timer: NodeJS.Timeout | undefined;
  private readonly inFlight = new Set<Promise<void>>();
  private row = "";

  constructor(options: LoadOptions) {
    this.options = options;
  }

  /** Later submissions are counted under this row. */
  setRow(row: string): void {
    this.row = row;
  }

  start(): void {
    const interval = 1000 / this.options.ratePerSecond;
    this.timer = setInterval(() => {
      if (this.inFlight.size >= this.options.maxInFlight) return;
      const submission: Submission = {
        index: this.submissions.length,
        row: this.row,
        idempotencyKey: `chaos-${this.options.run}-${this.submissions.length}`,
        email: `chaos+${this.options.run}-${this.submissions.length}@example.org`,
        attempts: 0,
        setbacks: [],
      };
      this.submissions.push(submission);
      const done = this.follow(submission).finally(() => this.inFlight.delete(done));
      this.inFlight.add(done);
    }, interval);
  }

  /** Stops sending; resolves once every submission is accepted or given up. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
  }

  private async follow(submission: Submission): Promise<void> {
    const deadline = Date.now() + this.options.retryForMs;
    const body = JSON.stringify({
      subjectId: "voirie.chaussee",
      title: `Essai de résistance ${this.options.run} n° ${submission.index}`,
      body: "Un nid de poule s’est formé devant le 12 rue des Lilas à Andard.",
      citizen: { name: "Essai Résistance", email: submission.email },
    });
    for (;;) {
      submission.attempts += 1;
      const response = await fetch(`${this.options.webUrl}/api/requests`, {
        method: "POST",
        headers: { "content-type": "application/json", "idempotency-key": submission.idempotencyKey },
        body,
        signal: AbortSignal.timeout(15_000),
      }).catch((error: unknown) => (error instanceof Error ? error.message : String(error)));
      if (typeof response !== "string" && response.ok) {
        const answer = (await response.json()) as { requestId: string; reference: string };
        submission.acceptedAt = Date.now();
        submission.requestId = answer.requestId;
        submission.reference = answer.reference;
        return;
      }
      const setback = typeof response === "string" ? response : String(response.status);
      await (typeof response === "string" ? undefined : response.body?.cancel());
      if (typeof response !== "string" && !retryable.has(response.status)) {
        submission.refused = setback;
        return;
      }
      submission.setbacks.push(setback);
      if (Date.now() > deadline) {
        submission.refused = "abandon";
        return;
      }
      // Exponential backoff with jitter, as a well-behaved client: no retry storm on a service that restarts.
      const backoff = Math.min(8_000, 250 * 2 ** Math.min(submission.attempts, 6));
      await new Promise((resolve) => setTimeout(resolve, backoff / 2 + Math.random() * (backoff / 2)));
    }
  }
}
