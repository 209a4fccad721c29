import { html, type SafeHtml } from "./html.ts";
import type { Role, StaffIdentity } from "./identity.ts";

export interface TownBranding {
  /** "Loire-Authion" */
  name: string;
}

export interface PageOptions {
  /** Unique, descriptive page title (RGAA 8.6), without the town name (added). */
  title: string;
  main: SafeHtml;
  town: TownBranding;
  /** The signed-in staff member, or null on citizen pages. */
  staff?: StaffIdentity | null;
  /** Path of the current page, to mark the navigation link (aria-current). */
  currentPath?: string;
  lang?: "fr" | "en";
  /** Short messages shown above the content (role="status"). */
  notice?: string;
  /** The browser's CSRF token (csrfTokenOf(request)), for the sign-out form of staff pages. */
  csrfToken?: string;
}

interface NavLink {
  href: string;
  label: string;
  roles?: readonly Role[];
}

const CITIZEN_NAV: readonly NavLink[] = [
  { href: "/", label: "Accueil" },
  { href: "/demande", label: "Faire une demande" },
  { href: "/rendez-vous", label: "Prendre rendez-vous" },
  { href: "/suivi", label: "Suivre ma demande" },
  { href: "/qui-fait-quoi", label: "Qui fait quoi ?" },
];

const STAFF_NAV: readonly NavLink[] = [
  { href: "/accueil/tri", label: "Tri des demandes", roles: ["reception", "admin"] },
  { href: "/accueil/saisie", label: "Saisie accueil et téléphone", roles: ["reception", "agent"] },
  { href: "/accueil/rendez-vous", label: "Rendez-vous", roles: ["reception", "agent"] },
  { href: "/accueil/salles", label: "Demandes de salles", roles: ["reception", "agent"] },
  { href: "/bureau", label: "Demandes de mes services", roles: ["agent", "reception", "manager"] },
  { href: "/tableau-de-bord", label: "Tableau de bord", roles: ["manager", "admin"] },
  { href: "/experimentations", label: "Expérimentations", roles: ["manager", "admin"] },
  { href: "/admin/catalogue", label: "Catalogue", roles: ["admin"] },
  { href: "/admin/modeles", label: "Modèles de messages", roles: ["admin"] },
  { href: "/admin/utilisateurs", label: "Utilisateurs", roles: ["admin"] },
  { href: "/admin/audit", label: "Journal des accès", roles: ["admin"] },
];

function navigation(
  links: readonly NavLink[],
  staff: StaffIdentity | null,
  currentPath: string | undefined,
  label: string,
) {
  const visible = links.filter((link) => !link.roles || staff?.roles.some((role) => link.roles?.includes(role)));
  return html`<nav aria-label="${label}"><ul>${visible.map(
    (link) =>
      html`<li><a href="${link.href}"${link.href === currentPath ? html` aria-current="page"` : ""}>${link.label}</a></li>`,
  )}</ul></nav>`;
}

/**
 * The common layout of every page of the site, whichever service renders it: skip link, header with
 * the town's name, navigation (citizen or staff), main landmark, footer with the legal pages.
 * Styles come from /static/guichet.css and the town's colours from /static/theme.css (served by the
 * gateway); no inline script or style, so the strict Content-Security-Policy holds.
 */
export function renderPage(options: PageOptions): string {
  const staff = options.staff ?? null;
  const nav = staff
    ? navigation(STAFF_NAV, staff, options.currentPath, "Menu des agents")
    : navigation(CITIZEN_NAV, null, options.currentPath, "Menu principal");
  const account = staff
    ? html`<form class="account" method="post" action="/deconnexion">${
        options.csrfToken ? html`<input type="hidden" name="_csrf" value="${options.csrfToken}">` : ""
      }<span>${staff.name}</span> <button type="submit">Se déconnecter</button></form>`
    : html`<a class="account" href="/connexion">Espace agents</a>`;
  return `<!doctype html>${
    html`<html lang="${options.lang ?? "fr"}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${options.title} — ${options.town.name}</title>
<link rel="stylesheet" href="/static/guichet.css">
<link rel="stylesheet" href="/static/theme.css">
</head>
<body>
<a class="skip-link" href="#contenu">Aller au contenu</a>
<header class="site-header">
<p class="town"><a href="/">Mairie de ${options.town.name}</a></p>
${account}
${nav}
</header>
<main id="contenu" tabindex="-1">
${options.notice ? html`<p class="notice" role="status">${options.notice}</p>` : ""}
${options.main}
</main>
<footer class="site-footer">
<ul>
<li><a href="/accessibilite">Accessibilité : partiellement conforme</a></li>
<li><a href="/donnees-personnelles">Données personnelles</a></li>
<li><a href="/qui-fait-quoi">Horaires et contacts</a></li>
</ul>
</footer>
</body>
</html>`.value
  }`;
}

/** A form's error summary (RGAA 11.10): listed at the top, each linking to its field. */
export function errorSummary(problems: readonly { field: string; message: string }[]): SafeHtml {
  if (problems.length === 0) return html``;
  return html`<div class="error-summary" role="alert" tabindex="-1" id="erreurs">
<h2>Le formulaire contient ${problems.length} erreur${problems.length > 1 ? "s" : ""}</h2>
<ul>${problems.map((p) => html`<li><a href="#${fieldId(p.field)}">${p.message}</a></li>`)}</ul>
</div>`;
}

/** The id a form control gets from its dotted field name (citizen.email → champ-citizen-email). */
export function fieldId(field: string): string {
  return `champ-${field.replace(/[^a-zA-Z0-9]+/g, "-")}`;
}
