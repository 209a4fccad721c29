import "reflect-metadata";
import { Controller, Get, Module } from "@nestjs/common";
import { NestFactory } from "@nestjs/core";
import { type CustomTransportStrategy, EventPattern, Server } from "@nestjs/microservices";
import { describe, expect, it } from "vitest";
import { AppError } from "./app-error.ts";
import { HttpErrorFilter } from "./http-error.filter.ts";

class Unprocessable extends Error {
  override readonly name = "Unprocessable";
}

/** A transport that calls @EventPattern handlers and awaits them, as JetStreamTransport does. */
class InMemoryTransport extends Server implements CustomTransportStrategy {
  override readonly propagatesEventHandlerErrors = true;
  listen(callback: () => void): void {
    callback();
  }
  close(): void {}
  on(): never {
    throw new Error("no events");
  }
  unwrap<T>(): T {
    return this as unknown as T;
  }
  async deliver(pattern: string, payload: unknown): Promise<unknown> {
    const handler = this.getHandlerByPattern(pattern);
    if (!handler) throw new Error(`no handler for ${pattern}`);
    return handler(payload, {});
  }
}

@Controller()
class Consumer {
  @Get("catalogue")
  catalogue(): never {
    throw new AppError("unavailable", "catalogue still loading");
  }

  @EventPattern("request.received.v1")
  onReceived(payload: { fail: "unprocessable" | "app-error" }): void {
    throw payload.fail === "unprocessable"
      ? new Unprocessable("no service for this subject")
      : new AppError("unavailable", "catalogue still loading");
  }
}

@Module({ controllers: [Consumer] })
class ConsumerModule {}

describe("HttpErrorFilter on a hybrid application (HTTP and JetStream consumer)", () => {
  // Booting Nest takes seconds on a loaded machine.
  it("answers HTTP errors, and lets a consumer's error reach the messaging edge unchanged, without answering it as HTTP", async () => {
    const logged: object[] = [];
    const app = await NestFactory.create(ConsumerModule, { logger: false, abortOnError: false });
    // As start-service.ts does: one global filter, inherited by the connected microservice.
    app.useGlobalFilters(new HttpErrorFilter({ error: (obj) => logged.push(obj) }));
    const transport = new InMemoryTransport();
    app.connectMicroservice({ strategy: transport }, { inheritAppConfig: true });
    await app.startAllMicroservices();
    await app.listen(0, "127.0.0.1");
    try {
      // HTTP still goes through the filter: a code mapped to its status, in JSON.
      const { port } = app.getHttpServer().address() as { port: number };
      const response = await fetch(`http://127.0.0.1:${port}/catalogue`);
      expect(response.status).toBe(503);
      expect(await response.json()).toMatchObject({ error: "unavailable", message: "catalogue still loading" });
      // The edge maps Unprocessable to a dead letter and anything else to a retry: it must see the
      // handler's own error, not "response.status is not a function" from an HTTP-only filter.
      await expect(transport.deliver("request.received.v1", { fail: "unprocessable" })).rejects.toThrow(Unprocessable);
      const appError = transport.deliver("request.received.v1", { fail: "app-error" });
      await expect(appError).rejects.toBeInstanceOf(AppError);
      await expect(appError).rejects.toThrow("catalogue still loading");
      expect(logged).toEqual([]);
    } finally {
      await app.close();
    }
  }, 30_000);
});
