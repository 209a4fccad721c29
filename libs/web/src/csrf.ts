import { timingSafeEqual } from "node:crypto";
import { AppError } from "@guichet/runtime";
import { html, type SafeHtml } from "./html.ts";
import type { RequestLike } from "./staff.ts";

/**
 * CSRF protection, double-submit style: the gateway keeps a random token in a cookie (per
 * browser, anonymous or signed in) and forwards it to the services in this header; every form
 * carries it in a hidden field named `_csrf`, and every form POST is checked against the header.
 */
export const CSRF_HEADER = "x-guichet-csrf";
export const CSRF_FIELD = "_csrf";

export function csrfTokenOf(request: RequestLike): string {
  const value = request.headers[CSRF_HEADER];
  return (Array.isArray(value) ? value[0] : value) ?? "";
}

/** The hidden input every POST form must contain. */
export function csrfField(request: RequestLike): SafeHtml {
  return html`<input type="hidden" name="${CSRF_FIELD}" value="${csrfTokenOf(request)}">`;
}

/** 403 when the form's token is missing or differs from the browser's. */
export function verifyCsrf(request: RequestLike, form: Record<string, unknown>): void {
  const expected = Buffer.from(csrfTokenOf(request));
  const given = Buffer.from(typeof form[CSRF_FIELD] === "string" ? (form[CSRF_FIELD] as string) : "");
  if (expected.length < 16 || expected.length !== given.length || !timingSafeEqual(expected, given))
    throw new AppError(
      "forbidden",
      "Le formulaire a expiré ou ne vient pas de ce site : rechargez la page et recommencez.",
    );
}
