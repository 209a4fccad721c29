/**
 * Who serves which path (libs/web/README.md): the gateway itself or one of the five services.
 * Patterns: `/x` exact; `/x*` the path, its sub-paths and anything starting with it; `{name}` one
 * path segment. First match wins, so the specific request sub-resources come before `/api/requests*`.
 */
export type Upstream = "intake" | "routing" | "notification" | "reporting" | "appointments";
export type Target = "web" | Upstream;

export const PATH_TABLE: readonly { target: Target; patterns: readonly string[] }[] = [
  {
    target: "web",
    patterns: [
      "/static/*",
      "/connexion",
      "/deconnexion",
      "/oidc/*",
      "/accessibilite",
      "/donnees-personnelles",
      "/admin/utilisateurs*",
      "/admin/audit*",
      "/api/audit*",
      "/api/users*",
      "/healthz",
      "/readyz",
    ],
  },
  {
    target: "notification",
    patterns: [
      "/api/requests/{id}/messages*",
      "/api/requests/{id}/receipt.pdf",
      "/api/letters*",
      "/api/templates*",
      "/admin/modeles*",
    ],
  },
  {
    target: "reporting",
    patterns: [
      "/api/requests/{reference}/timeline",
      "/suivi*",
      "/tableau-de-bord*",
      "/api/reports*",
      "/satisfaction*",
      "/api/satisfaction*",
      "/experimentations*",
      "/api/experiments*",
      "/volontaires*",
      "/api/volunteers*",
    ],
  },
  {
    // Before routing: the office-hours page lives in the directory's path space.
    target: "appointments",
    patterns: [
      "/rendez-vous*",
      "/accueil/rendez-vous*",
      "/qui-fait-quoi/permanences*",
      "/salles*",
      "/accueil/salles*",
      "/api/appointments*",
    ],
  },
  {
    target: "routing",
    patterns: [
      "/",
      "/qui-fait-quoi*",
      "/open311/v2/services*",
      "/accueil/tri*",
      "/bureau*",
      "/admin/catalogue*",
      "/api/catalog*",
      "/api/desk*",
      "/api/triage*",
      "/api/directory*",
    ],
  },
  {
    target: "intake",
    patterns: [
      "/demande*",
      "/api/requests*",
      "/open311/v2/requests*",
      "/accueil/saisie*",
      "/api/calls*",
      "/api/phone-requests*",
      "/api/cti*",
      "/api/counter*",
      "/api/postal*",
    ],
  },
];

function compile(pattern: string): RegExp {
  const prefix = pattern.endsWith("*");
  const body = (prefix ? pattern.slice(0, -1) : pattern)
    .split(/(\{[a-z]+\})/)
    .map((part) => (/^\{[a-z]+\}$/.test(part) ? "[^/]+" : part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")))
    .join("");
  return new RegExp(prefix ? `^${body}` : `^${body}$`);
}

const COMPILED = PATH_TABLE.flatMap(({ target, patterns }) => patterns.map((p) => ({ target, regex: compile(p) })));

/** The target of a request path (without query string), or null: nobody serves it. */
export function targetOf(pathname: string): Target | null {
  return COMPILED.find(({ regex }) => regex.test(pathname))?.target ?? null;
}
