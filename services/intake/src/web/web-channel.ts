import type { IncomingMessage } from "node:http";
import { AppError } from "@guichet/runtime";
import type pg from "pg";
import type { PrismaClient } from "../../generated/prisma/client.ts";
import type { SubmitRequestUseCase } from "../requests/submit-request/submit-request.usecase.ts";
import { CatalogueClient } from "./catalogue.client.ts";
import { clientIp, isProxyHostCaller, RateLimiter } from "./rate-limiter.ts";
import type { WebConfig } from "./web.config.ts";
import { WebIntake } from "./web-intake.ts";

/** Injection token of the web channel (explicit: our runners emit no decorator metadata). */
export const WEB_CHANNEL = Symbol("WebChannel");

/** Everything the web, Open311, counter and postal edges share. */
export interface WebChannel {
  config: WebConfig;
  publicUrl: string;
  identitySecret: string;
  catalogue: CatalogueClient;
  webIntake: WebIntake;
  submitRequest: SubmitRequestUseCase;
  prisma: PrismaClient;
  pool: pg.Pool;
  schema: string;
  /** 429 (AppError "rate-limited") when this client submitted too much lately. */
  limitSubmissions(request: IncomingMessage): void;
}

export function webChannel(deps: {
  config: WebConfig;
  publicUrl: string;
  identitySecret: string;
  submitRequest: SubmitRequestUseCase;
  prisma: PrismaClient;
  pool: pg.Pool;
  schema: string;
}): WebChannel {
  const limiter = new RateLimiter(deps.config.rateLimit.burst, deps.config.rateLimit.perHour);
  return {
    ...deps,
    catalogue: new CatalogueClient(deps.config.routingUrl),
    // The token secret is derived from the identity secret, which every deployment already has.
    webIntake: new WebIntake(deps.submitRequest, { publicUrl: deps.publicUrl, tokenSecret: deps.identitySecret }),
    limitSubmissions(request) {
      const peer = request.socket.remoteAddress;
      const forwarded = request.headers["x-forwarded-for"];
      if (isProxyHostCaller(peer, forwarded, deps.config.trustedProxies)) return;
      const ip = clientIp(peer, forwarded, deps.config.trustedProxies);
      const wait = limiter.take(ip);
      if (wait > 0)
        throw new AppError(
          "rate-limited",
          `Trop de demandes ont été envoyées depuis votre connexion. Merci de réessayer dans ${Math.ceil(wait / 60)} minute${
            wait > 60 ? "s" : ""
          }, ou d’appeler la mairie.`,
        );
    },
  };
}
