import type { ServiceInfrastructure } from "@guichet/runtime";
import type { PrismaClient } from "../../../generated/prisma/client.ts";
import { FollowRequestStatusUseCase, STATUS_CONSUMER } from "./follow-request-status.usecase.ts";

const RETRY_MS = 5_000;

/**
 * Intake's own durable consumer of `request.status-changed`, for the Open311 status. It starts in
 * the background and retries while NATS is unreachable: intake must boot and accept requests with
 * NATS down, the status simply catches up once the consumer runs.
 */
export function startStatusConsumer(
  infrastructure: ServiceInfrastructure,
  prisma: PrismaClient,
): { stop(): Promise<void> } {
  const follow = new FollowRequestStatusUseCase(prisma, infrastructure.inbox, infrastructure.schema);
  let consumer: { stop(): Promise<void> } | undefined;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const attempt = async (): Promise<void> => {
    try {
      const started = await infrastructure.messaging.consume({
        durable: STATUS_CONSUMER,
        events: ["requestStatusChanged"],
        handler: (envelope) => follow.execute(envelope),
      });
      if (stopped) await started.stop();
      else consumer = started;
    } catch (error) {
      if (stopped) return;
      infrastructure.logger.warn({ err: (error as Error).message }, "status consumer not started yet, retrying");
      timer = setTimeout(() => void attempt(), RETRY_MS);
      timer.unref();
    }
  };
  const first = attempt();
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await first;
      await consumer?.stop();
    },
  };
}
