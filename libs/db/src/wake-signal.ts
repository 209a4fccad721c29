interface Waiter {
  wakeOnNotify: boolean;
  resolve(): void;
}

/**
 * Lets the relay sleep until a timeout, a NOTIFY, or stop(). A notification that arrives while the
 * relay is busy is remembered, so the next wait returns at once instead of waiting for the poll.
 */
export class WakeSignal {
  private readonly waiters = new Set<Waiter>();
  private notified = false;
  private stopped = false;

  notify(): void {
    this.notified = true;
    for (const waiter of this.waiters) if (waiter.wakeOnNotify) waiter.resolve();
  }

  stop(): void {
    this.stopped = true;
    for (const waiter of this.waiters) waiter.resolve();
  }

  reset(): void {
    this.stopped = false;
  }

  /** With wakeOnNotify false (back-off after a failure) only the timeout or stop() end the wait. */
  wait(ms: number, wakeOnNotify: boolean): Promise<void> {
    if (this.stopped || (wakeOnNotify && this.notified)) {
      this.notified = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const waiter: Waiter = {
        wakeOnNotify,
        resolve: () => {
          clearTimeout(timer);
          this.waiters.delete(waiter);
          this.notified = false;
          resolve();
        },
      };
      const timer = setTimeout(waiter.resolve, ms);
      this.waiters.add(waiter);
    });
  }
}
