import type { Role } from "@guichet/web";

/**
 * Authorisation matrix over the real services behind the gateway: for every staff endpoint,
 * anonymous → 401 (pages: 401 or a redirect to /connexion), a role not allowed → 403, an allowed
 * role → 2xx for reads. Writes are sent with a deliberately incomplete body so they change
 * nothing: an allowed role must get past authorisation (anything but 401/403, and no 5xx).
 * Rows are data: add one when an endpoint lands. `{requestId}` is a real request of the voirie
 * service, submitted through the gateway.
 */
export interface MatrixRow {
  method: "GET" | "POST" | "PUT" | "PATCH";
  path: string;
  allowed: readonly Role[];
  /** JSON body of a write. */
  body?: unknown;
  /** An HTML page (anonymous may be sent to the sign-in page instead of a 401). */
  page?: boolean;
  /** Roles are not enforced yet: only the anonymous cases run; the role cases are listed as todo. */
  rolesPending?: string;
}

export const ALL: readonly Role[] = ["reception", "agent", "manager", "admin"];

export const MATRIX: readonly MatrixRow[] = [
  // web (gateway)
  { method: "GET", path: "/api/users", allowed: ["admin"] },
  { method: "POST", path: "/api/users", allowed: ["admin"], body: {} },
  { method: "PATCH", path: "/api/users/admin", allowed: ["admin"], body: {} },
  { method: "GET", path: "/api/audit", allowed: ["admin"] },
  { method: "GET", path: "/admin/utilisateurs", allowed: ["admin"], page: true },
  { method: "GET", path: "/admin/audit", allowed: ["admin"], page: true },
  // routing
  { method: "GET", path: "/api/triage", allowed: ["reception", "admin"] },
  { method: "POST", path: "/api/triage/{requestId}/route", allowed: ["reception", "admin"], body: {} },
  { method: "GET", path: "/accueil/tri", allowed: ["reception", "admin"], page: true },
  { method: "GET", path: "/api/desk", allowed: ALL },
  { method: "GET", path: "/api/desk/{requestId}", allowed: ALL },
  { method: "POST", path: "/api/desk/{requestId}/notes", allowed: ALL, body: {} },
  { method: "POST", path: "/api/desk/{requestId}/reply", allowed: ALL, body: {} },
  { method: "POST", path: "/api/desk/{requestId}/status", allowed: ALL, body: {} },
  { method: "POST", path: "/api/desk/{requestId}/assign", allowed: ALL, body: { assigneeId: 42 } },
  { method: "POST", path: "/api/desk/{requestId}/transfer", allowed: ALL, body: {} },
  { method: "GET", path: "/bureau", allowed: ALL, page: true },
  { method: "GET", path: "/bureau/demandes/{requestId}", allowed: ALL, page: true },
  { method: "GET", path: "/api/catalog", allowed: ["admin"] },
  { method: "GET", path: "/api/catalog/versions", allowed: ["admin"] },
  { method: "POST", path: "/api/catalog/validate", allowed: ["admin"], body: {} },
  { method: "PUT", path: "/api/catalog", allowed: ["admin"], body: {} },
  { method: "GET", path: "/admin/catalogue", allowed: ["admin"], page: true },
  // reporting
  { method: "GET", path: "/api/reports/sla?from=2026-01-01&to=2026-12-31", allowed: ["manager", "admin"] },
  { method: "GET", path: "/api/reports/phone?from=2026-01-01&to=2026-12-31", allowed: ["manager", "admin"] },
  { method: "GET", path: "/api/reports/export.csv?from=2026-01-01&to=2026-12-31", allowed: ["manager", "admin"] },
  { method: "GET", path: "/tableau-de-bord", allowed: ["manager", "admin"], page: true },
  { method: "GET", path: "/tableau-de-bord/satisfaction", allowed: ["manager", "admin"], page: true },
  { method: "GET", path: "/api/reports/satisfaction?from=2026-01-01&to=2026-12-31", allowed: ["manager", "admin"] },
  { method: "POST", path: "/api/satisfaction", allowed: ["reception", "agent"], body: {} },
  { method: "GET", path: "/satisfaction/accueil", allowed: ["reception", "agent"], page: true },
  { method: "GET", path: "/api/experiments", allowed: ["manager", "admin"] },
  { method: "GET", path: "/experimentations", allowed: ["manager", "admin"], page: true },
  { method: "GET", path: "/api/volunteers", allowed: ["manager", "admin"] },
  // notification
  { method: "GET", path: "/api/templates", allowed: ["admin"] },
  { method: "PUT", path: "/api/templates", allowed: ["admin"], body: { templates: "pas un objet" } },
  { method: "GET", path: "/api/letters/pending", allowed: ["reception", "manager", "admin"] },
  { method: "GET", path: "/api/requests/{requestId}/messages", allowed: ALL },
  { method: "GET", path: "/api/requests/{requestId}/receipt.pdf", allowed: ALL },
  // intake
  { method: "GET", path: "/accueil/saisie", allowed: ["reception", "agent"], page: true },
  { method: "GET", path: "/accueil/saisie/telephone", allowed: ["reception", "agent"], page: true },
  { method: "GET", path: "/accueil/saisie/appels", allowed: ["reception", "agent"], page: true },
  { method: "GET", path: "/accueil/saisie/guichet", allowed: ["reception", "agent"], page: true },
  { method: "GET", path: "/accueil/saisie/courrier", allowed: ["reception", "agent"], page: true },
  {
    method: "POST",
    path: "/api/calls/00000000-0000-4000-8000-000000000000/note",
    allowed: ["reception", "agent"],
    body: {},
  },
  { method: "POST", path: "/api/phone-requests", allowed: ["reception", "agent"], body: {} },
];

/** Endpoints scoped to the request's service: an agent of another service is refused. */
export const SERVICE_SCOPED: readonly { method: "GET" | "POST"; path: string; body?: unknown }[] = [
  { method: "GET", path: "/api/desk/{requestId}" },
  { method: "GET", path: "/bureau/demandes/{requestId}" },
  { method: "GET", path: "/api/requests/{requestId}/messages" },
  { method: "POST", path: "/api/desk/{requestId}/notes", body: { body: "Vérification des droits (test)." } },
];
