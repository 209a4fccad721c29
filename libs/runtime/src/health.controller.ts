import { Controller, Get, HttpCode, Inject, Res } from "@nestjs/common";
import type { ServiceInfrastructure } from "./start-service.ts";
import { INFRASTRUCTURE } from "./tokens.ts";

interface StatusResponse {
  status(code: number): StatusResponse;
  json(body: unknown): void;
}

@Controller()
export class HealthController {
  constructor(@Inject(INFRASTRUCTURE) private readonly infrastructure: ServiceInfrastructure) {}

  /** Liveness: the process answers. */
  @Get("healthz")
  @HttpCode(200)
  live() {
    return { status: "ok", service: this.infrastructure.name };
  }

  /** Readiness: PostgreSQL answers; NATS is reported but does not make intake unready (outbox). */
  @Get("readyz")
  async ready(@Res() response: StatusResponse) {
    let database = "ok";
    try {
      await this.infrastructure.pool.query("SELECT 1");
    } catch {
      database = "unavailable";
    }
    const nats = this.infrastructure.messaging.isConnected() ? "ok" : "unavailable";
    const ok = database === "ok";
    response
      .status(ok ? 200 : 503)
      .json({ status: ok ? "ok" : "unavailable", service: this.infrastructure.name, database, nats });
  }
}
