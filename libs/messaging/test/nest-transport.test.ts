import "reflect-metadata";
import type { Envelope } from "@guichet/contracts";
import { Controller, Inject, Injectable, Module } from "@nestjs/common";
import { NestFactory } from "@nestjs/core";
import { Ctx, EventPattern, type MicroserviceOptions, Payload } from "@nestjs/microservices";
import { of } from "rxjs";
import { describe, expect } from "vitest";
import { JetStreamContext, JetStreamTransport, Unprocessable } from "../src/index.ts";
import {
  acknowledgementSent,
  fastPolicy,
  requestReceived,
  test,
  waitFor,
  waitUntilSettled,
} from "./messaging.fixture.ts";

@Injectable()
class Journal {
  readonly handled: { id: string; deliveryCount: number; subject: string }[] = [];
  readonly acknowledgements: string[] = [];
  failOnce = new Set<string>();
  reject = new Set<string>();
}

@Controller()
class RoutingController {
  // Explicit token: our TS runner emits no decorator metadata for constructor injection.
  constructor(@Inject(Journal) private readonly journal: Journal) {}

  @EventPattern<string>("request.received.v1")
  async onRequestReceived(@Payload() envelope: Envelope, @Ctx() context: JetStreamContext): Promise<void> {
    if (this.journal.reject.has(envelope.id)) throw new Unprocessable("no service for this subject");
    if (this.journal.failOnce.delete(envelope.id)) throw new Error("catalogue still loading");
    this.journal.handled.push({ id: envelope.id, deliveryCount: context.deliveryCount, subject: context.subject });
  }

  @EventPattern("acknowledgement.sent.v1")
  onAcknowledgementSent(@Payload() envelope: Envelope) {
    this.journal.acknowledgements.push(envelope.id);
    return of(undefined);
  }
}

@Module({ controllers: [RoutingController], providers: [Journal] })
class RoutingModule {}

describe("JetStreamTransport", () => {
  test("dispatches events to @EventPattern handlers and maps their errors", async ({ messaging, namespace }) => {
    const strategy = new JetStreamTransport(messaging, { durable: "routing", policy: fastPolicy });
    const app = await NestFactory.createMicroservice<MicroserviceOptions>(RoutingModule, { strategy, logger: false });
    await app.listen();
    try {
      const journal = app.get(Journal);
      const [plain, flaky, rejected, ack] = [
        requestReceived(),
        requestReceived(),
        requestReceived(),
        acknowledgementSent(),
      ];
      journal.failOnce.add(flaky.id);
      journal.reject.add(rejected.id);
      for (const event of [plain, flaky, rejected, ack]) await messaging.publish(event);

      await waitFor(async () => journal.handled.length === 2, { what: "two requests handled" });
      await waitUntilSettled(messaging, "routing");
      const subject = `${namespace}.request.received.v1`;
      expect(journal.handled).toEqual([
        { id: plain.id, deliveryCount: 1, subject },
        { id: flaky.id, deliveryCount: 2, subject },
      ]);
      expect(journal.acknowledgements).toEqual([ack.id]);
      // The Unprocessable class crossed Nest's exception layer: dead-lettered at once, with its reason.
      const deadLetters = await messaging.deadLetters.list("routing");
      expect(deadLetters).toEqual([
        expect.objectContaining({
          eventId: rejected.id,
          deliveries: 1,
          error: "Unprocessable: no service for this subject",
        }),
      ]);
      expect(strategy.unwrap()).toBe(messaging);
    } finally {
      await app.close();
    }
  });
});
