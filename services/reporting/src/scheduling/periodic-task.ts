import type { Logger } from "@guichet/telemetry";

/** Runs `task` every `intervalSeconds`, one run at a time; failures are logged, never thrown. */
export class PeriodicTask {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly name: string,
    private readonly task: (now: Date) => Promise<number>,
    private readonly intervalSeconds: number,
    private readonly logger: Logger,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  start(): void {
    if (this.intervalSeconds <= 0) return;
    this.timer = setInterval(() => void this.tick(), this.intervalSeconds * 1000);
    this.timer.unref();
  }

  tick(): Promise<void> {
    this.running ??= this.task(this.clock())
      .then((count) => {
        if (count > 0) this.logger.info({ task: this.name, count }, "scheduled task done");
      })
      .catch((error: unknown) =>
        this.logger.warn({ task: this.name, err: (error as Error).message }, "scheduled task failed"),
      )
      .finally(() => {
        this.running = undefined;
      });
    return this.running;
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }
}
