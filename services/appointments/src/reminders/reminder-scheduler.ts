import type { PublishRemindersUseCase } from "./publish-reminders.usecase.ts";

/** Runs the reminder use case on a timer; a failed round is logged (no personal data) and retried next time. */
export class ReminderScheduler {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly reminders: PublishRemindersUseCase,
    private readonly intervalSeconds: number,
    private readonly logger: { warn(obj: object, msg?: string): void },
  ) {}

  start(): void {
    this.timer = setInterval(() => {
      this.running = this.reminders.execute().catch((error: unknown) => {
        this.logger.warn({ err: (error as Error).message }, "appointment reminders round failed");
      });
    }, this.intervalSeconds * 1000);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }
}
