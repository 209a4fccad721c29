import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";

/** Who may call a route: anyone, a machine holding a shared secret, or staff of these roles. */
const PUBLIC = "anyone";
const ANY_STAFF = "staff: reception, agent, manager, admin";
const ENTRY = "staff: reception, agent";
const TRIAGE = "staff: reception, admin";
const ADMIN = "staff: admin";
const REPORTS = "staff: manager, admin";
const MAIL_ROOM = "staff: reception, manager, admin";
const EXPERIMENT_EDITOR = "staff: manager (all services), admin";
const DESK = "staff: reception, agent, admin";
const LINK_HOLDER = `${PUBLIC} (holder of the private link)`;

/**
 * Every HTTP route of the five services, as their controllers declare it, with who may call it.
 * The test reads the controllers: a route added without a line here fails it.
 */
export const ACCESS: Record<string, string> = {
  "GET /healthz": `${PUBLIC} (liveness)`,
  "GET /readyz": `${PUBLIC} (readiness)`,
  // intake
  "GET /demande": PUBLIC,
  "POST /demande": `${PUBLIC} (rate-limited per address, CSRF)`,
  "GET /demande/confirmation": PUBLIC,
  "POST /api/requests": `${PUBLIC} (rate-limited per address)`,
  "GET /api/requests/openapi.json": PUBLIC,
  "POST /open311/v2/requests.json": `${PUBLIC} (rate-limited per address)`,
  "GET /open311/v2/requests.json": PUBLIC,
  "GET /open311/v2/requests/:file": PUBLIC,
  "POST /api/cti/events": "switchboard (HMAC-signed webhook)",
  "POST /api/calls/imports": ENTRY,
  "POST /api/calls/:callId/note": ENTRY,
  "POST /api/phone-requests": ENTRY,
  "GET /accueil/saisie": ENTRY,
  "GET /accueil/saisie/telephone": ENTRY,
  "POST /accueil/saisie/telephone": ENTRY,
  "GET /accueil/saisie/appels": ENTRY,
  "POST /accueil/saisie/appels": ENTRY,
  "GET /accueil/saisie/guichet": ENTRY,
  "POST /accueil/saisie/guichet": ENTRY,
  "GET /accueil/saisie/guichet/:requestId": ENTRY,
  "GET /accueil/saisie/guichet/:requestId/recu.pdf": ENTRY,
  "GET /accueil/saisie/courrier": ENTRY,
  "POST /accueil/saisie/courrier": ENTRY,
  // routing
  "GET /": PUBLIC,
  "GET /qui-fait-quoi": PUBLIC,
  "GET /api/directory": PUBLIC,
  "GET /open311/v2/services.json": PUBLIC,
  "GET /open311/v2/services/:file": PUBLIC,
  "GET /api/triage": TRIAGE,
  "POST /api/triage/:requestId/route": TRIAGE,
  "GET /accueil/tri": TRIAGE,
  "POST /accueil/tri/:requestId": TRIAGE,
  "GET /api/desk": `${ANY_STAFF} (own services)`,
  "GET /api/desk/:requestId": `${ANY_STAFF} (own services)`,
  "POST /api/desk/:requestId/assign": `${ANY_STAFF} (own services)`,
  "POST /api/desk/:requestId/notes": `${ANY_STAFF} (own services)`,
  "POST /api/desk/:requestId/reply": `${ANY_STAFF} (own services)`,
  "POST /api/desk/:requestId/status": `${ANY_STAFF} (own services)`,
  "POST /api/desk/:requestId/transfer": `${ANY_STAFF} (own services)`,
  "GET /bureau": `${ANY_STAFF} (own services)`,
  "GET /bureau/demandes/:requestId": `${ANY_STAFF} (own services)`,
  "POST /bureau/demandes/:requestId/:action": `${ANY_STAFF} (own services)`,
  "GET /api/catalog": ADMIN,
  "GET /api/catalog/versions": ADMIN,
  "POST /api/catalog/validate": ADMIN,
  "PUT /api/catalog": ADMIN,
  "GET /admin/catalogue": ADMIN,
  "POST /admin/catalogue": ADMIN,
  // notification
  "GET /api/letters/pending": MAIL_ROOM,
  "POST /api/letters/batches": MAIL_ROOM,
  "GET /api/letters/batches/:batchId.pdf": MAIL_ROOM,
  "GET /api/requests/:requestId/messages": `${ANY_STAFF} (own services)`,
  "GET /api/requests/:requestId/receipt.pdf": `${ANY_STAFF} (own services)`,
  "GET /admin/modeles": ADMIN,
  "POST /admin/modeles": ADMIN,
  "GET /admin/modeles/apercu": ADMIN,
  "GET /api/templates": ADMIN,
  "PUT /api/templates": ADMIN,
  "GET /api/templates/preview": ADMIN,
  // reporting
  "GET /tableau-de-bord": `${REPORTS} (own services)`,
  "GET /suivi": PUBLIC,
  "POST /suivi": `${PUBLIC} (rate-limited per address, reference + e-mail)`,
  "GET /suivi/:token": `${PUBLIC} (holder of the private tracking link)`,
  "GET /api/reports/openapi.yaml": PUBLIC,
  "GET /api/reports/sla": `${REPORTS} (own services)`,
  "GET /api/reports/phone": `${REPORTS} (own services)`,
  "GET /api/reports/services-publics-plus": `${REPORTS} (own services)`,
  "GET /api/reports/export.csv": `${REPORTS} (own services)`,
  "GET /api/reports/export.xlsx": `${REPORTS} (own services)`,
  "GET /api/reports/monthly.pdf": `${REPORTS} (own services)`,
  "GET /api/requests/:reference/timeline": `${ANY_STAFF} (own services)`,
  "GET /api/reports/appointments": `${REPORTS} (own services)`,
  "GET /api/reports/satisfaction": `${REPORTS} (own services)`,
  "GET /tableau-de-bord/satisfaction": `${REPORTS} (own services)`,
  "GET /api/experiments": `${REPORTS} (own services)`,
  "POST /api/experiments": EXPERIMENT_EDITOR,
  "GET /api/experiments/:id": `${REPORTS} (own services)`,
  "GET /api/experiments/:id/report": `${REPORTS} (own services)`,
  "GET /api/experiments/:id/report.pdf": `${REPORTS} (own services)`,
  "GET /experimentations": `${REPORTS} (own services)`,
  "POST /experimentations": EXPERIMENT_EDITOR,
  "GET /experimentations/:id": `${REPORTS} (own services)`,
  "POST /api/experiments/:id/volunteer-invitations": EXPERIMENT_EDITOR,
  "GET /api/volunteers": `${REPORTS} (counts only)`,
  "GET /satisfaction/accueil": `${ENTRY} (reception any request, agents their services)`,
  "POST /satisfaction/accueil": `${ENTRY} (reception any request, agents their services)`,
  "POST /api/satisfaction": `${ENTRY} (reception any request, agents their services)`,
  "GET /satisfaction/:token": LINK_HOLDER,
  "POST /satisfaction/:token": `${LINK_HOLDER}, rate-limited per address, CSRF`,
  "GET /volontaires": PUBLIC,
  "POST /volontaires": `${PUBLIC} (rate-limited per address, CSRF, explicit consent)`,
  "GET /volontaires/retrait/:token": LINK_HOLDER,
  "POST /volontaires/retrait/:token": LINK_HOLDER,
  "GET /volontaires/avis/:token": LINK_HOLDER,
  "POST /volontaires/avis/:token": LINK_HOLDER,
  // appointments
  "GET /api/appointments/offers": PUBLIC,
  "GET /api/appointments/slots": PUBLIC,
  "POST /api/appointments": `${PUBLIC} (rate-limited per address)`,
  "POST /api/appointments/manage/:token/reschedule": LINK_HOLDER,
  "POST /api/appointments/manage/:token/cancel": LINK_HOLDER,
  "GET /rendez-vous": PUBLIC,
  "GET /rendez-vous/creneaux": PUBLIC,
  "POST /rendez-vous/reserver": `${PUBLIC} (rate-limited per address, CSRF)`,
  "GET /rendez-vous/gerer/:token": LINK_HOLDER,
  "POST /rendez-vous/gerer/:token/deplacer": LINK_HOLDER,
  "POST /rendez-vous/gerer/:token/annuler": LINK_HOLDER,
  "GET /qui-fait-quoi/permanences": PUBLIC,
  "GET /salles": PUBLIC,
  "POST /salles/demande": `${PUBLIC} (rate-limited per address, CSRF)`,
  "GET /salles/demande/:token": LINK_HOLDER,
  "GET /accueil/salles": `${DESK} (agents: rooms of their services)`,
  "POST /accueil/salles/:id/decision": `${DESK} (agents: rooms of their services)`,
  "GET /accueil/rendez-vous": DESK,
  "GET /accueil/rendez-vous/creneaux": DESK,
  "POST /accueil/rendez-vous/reserver": DESK,
  "GET /accueil/rendez-vous/planning": DESK,
  "GET /accueil/rendez-vous/:id": DESK,
  "POST /accueil/rendez-vous/:id/presence": DESK,
  "POST /accueil/rendez-vous/:id/annuler": DESK,
  "GET /accueil/rendez-vous/:id/deplacer": DESK,
  "POST /accueil/rendez-vous/:id/deplacer": DESK,
};

export interface DeclaredRoute {
  route: string;
  service: string;
}

/** The routes the services' NestJS controllers declare (@Controller prefix + @Get/@Post/...). */
export function declaredRoutes(root: string): DeclaredRoute[] {
  const out: DeclaredRoute[] = [];
  const scan = (dir: string, service: string) => {
    for (const name of readdirSync(dir)) {
      const file = path.join(dir, name);
      if (statSync(file).isDirectory()) scan(file, service);
      else if (file.endsWith(".controller.ts")) {
        const source = readFileSync(file, "utf8");
        const base = /@Controller\(\s*(?:"([^"]*)")?\s*\)/.exec(source)?.[1] ?? "";
        for (const m of source.matchAll(/@(Get|Post|Put|Patch|Delete|All)\(\s*(?:"([^"]*)")?\s*\)/g)) {
          const route = `${m[1]?.toUpperCase()} /${[base, m[2] ?? ""].filter(Boolean).join("/")}`;
          out.push({ route, service });
        }
      }
    }
  };
  for (const service of ["intake", "routing", "notification", "reporting", "appointments"])
    scan(path.join(root, "services", service, "src"), service);
  scan(path.join(root, "libs", "runtime", "src"), "every service");
  return out;
}

/** The Markdown table published in docs/security.md. */
export function inventoryTable(routes: readonly DeclaredRoute[]): string {
  const lines = ["| route | service | who may call it |", "| --- | --- | --- |"];
  for (const { route, service } of routes) lines.push(`| \`${route}\` | ${service} | ${ACCESS[route] ?? "?"} |`);
  return lines.join("\n");
}
