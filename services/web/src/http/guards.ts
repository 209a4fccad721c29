import { timingSafeEqual } from "node:crypto";
import { CSRF_FIELD } from "@guichet/web";
import type { StaffUser } from "../users/user.repository.ts";
import { AppError, type Exchange } from "./exchange.ts";

/** The form's token must equal the browser's (double submit; the cookie is set by the gateway). */
export function checkCsrf(exchange: Exchange, form: Record<string, unknown>): void {
  const expected = Buffer.from(exchange.csrfToken);
  const given = Buffer.from(typeof form[CSRF_FIELD] === "string" ? (form[CSRF_FIELD] as string) : "");
  if (expected.length < 32 || expected.length !== given.length || !timingSafeEqual(expected, given))
    throw new AppError(
      "forbidden",
      "Le formulaire a expiré ou ne vient pas de ce site : rechargez la page et recommencez.",
    );
}

export function requireAdmin(exchange: Exchange): StaffUser {
  if (!exchange.user) throw new AppError("unauthenticated", "Connexion requise.");
  if (!exchange.user.roles.includes("admin"))
    throw new AppError("forbidden", "Vous n’avez pas les droits nécessaires pour cette action.");
  return exchange.user;
}
