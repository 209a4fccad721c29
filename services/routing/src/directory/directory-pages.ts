import { html, renderPage, type SafeHtml } from "@guichet/web";
import type { Catalog } from "../catalog/catalog.ts";
import { type DirectoryEntry, type DirectorySite, directorySites } from "./directory-search.ts";

function hoursList(hours: readonly string[]): SafeHtml {
  if (hours.length === 0) return html`<p>Sur rendez-vous.</p>`;
  return html`<ul class="hours">${hours.map((h) => html`<li>${h}</li>`)}</ul>`;
}

function telLink(phone: string): SafeHtml {
  return html`<a href="tel:${phone.replace(/[^\d+]/g, "")}">${phone}</a>`;
}

function siteCard(site: DirectorySite, level: 2 | 3 = 3): SafeHtml {
  const heading = level === 2 ? html`<h2>${site.name}</h2>` : html`<h3>${site.name}</h3>`;
  return html`<section class="site" aria-label="${site.name}">${heading}
${site.address ? html`<p>${site.address}</p>` : ""}
${site.phone ? html`<p>Téléphone : ${telLink(site.phone)}</p>` : ""}
<p>Horaires d’ouverture :</p>
${hoursList(site.hours)}
</section>`;
}

/** Home page: every way to reach the town, for people at ease with digital tools or not. */
export function homePage(catalog: Catalog): string {
  const sites = directorySites(catalog);
  const siege = sites.find((s) => s.kind === "mairie") ?? sites[0];
  const triage = catalog.services.find((s) => s.role === "triage");
  const phone = triage?.phone ?? siege?.phone ?? null;
  const franceServices = sites.filter((s) => s.kind === "france-services");
  const annexes = sites.filter((s) => s !== siege && s.kind !== "france-services");
  const main = html`<h1>Contacter la mairie de ${catalog.commune.name}</h1>
<p>Une demande, une question ? Choisissez le moyen qui vous convient : tous mènent au même suivi, et
chaque demande reçoit un accusé de réception.</p>
<ul class="actions">
<li><a href="/demande">Faire une demande en ligne</a></li>
<li><a href="/suivi">Suivre une demande</a></li>
<li><a href="/qui-fait-quoi">Qui fait quoi ? Trouver le service compétent</a></li>
</ul>
<h2>Par téléphone</h2>
${phone ? html`<p>Un numéro unique : ${telLink(phone)}. Un agent vous oriente vers le bon service.</p>` : html`<p>Voir les numéros des mairies ci-dessous.</p>`}
${triage?.email ? html`<h2>Par courriel</h2><p><a href="mailto:${triage.email}">${triage.email}</a></p>` : ""}
<h2>À l’accueil de la mairie</h2>
${siege ? siteCard(siege) : ""}
${
  franceServices.length
    ? html`<h2>Espace France Services</h2>
<p>Accompagnement pour vos démarches en ligne et auprès de la CAF, la CPAM, la MSA, France Travail,
des impôts, de l’ANTS et des caisses de retraite, avec ou sans ordinateur.</p>
<p><a href="/qui-fait-quoi/permanences">Permanences des partenaires et des élus</a> · <a href="/rendez-vous">Prendre rendez-vous</a></p>
${franceServices.map((s) => siteCard(s))}`
    : ""
}
<h2>Dans les mairies déléguées</h2>
${annexes.map((s) => siteCard(s))}
<h2>Par courrier</h2>
<p>${siege?.address ?? ""}</p>`;
  return renderPage({ title: "Accueil", main, town: { name: catalog.commune.name }, currentPath: "/" });
}

/** "Qui fait quoi ?": searchable by a GET form, so it works without JavaScript. */
export function directoryPage(catalog: Catalog, query: string, results: readonly DirectoryEntry[]): string {
  const searched = query.trim().length > 0;
  const main = html`<h1>Qui fait quoi ?</h1>
<p>Pour chaque sujet : le service qui s’en occupe, comment le joindre et ses horaires.
<a href="/qui-fait-quoi/permanences">Permanences des élus et des partenaires France Services</a> ·
<a href="/rendez-vous">Prendre rendez-vous</a> · <a href="/salles">Réserver une salle</a></p>
<form method="get" action="/qui-fait-quoi" role="search">
<label for="q">Rechercher un sujet (par exemple : lampadaire, acte de naissance, cantine)</label>
<input type="search" id="q" name="q" value="${query}" maxlength="200">
<button type="submit">Rechercher</button>
</form>
<p role="status">${
    searched
      ? `${results.length} résultat${results.length > 1 ? "s" : ""} pour « ${query.trim()} »`
      : `${results.length} sujets`
  }</p>
${
  searched && results.length === 0
    ? html`<p>Aucun sujet ne correspond. Appelez l’accueil ou <a href="/demande">écrivez-nous</a> : nous transmettrons au bon service.</p>`
    : ""
}
<ul class="directory">${results.map(
    (e) => html`<li><h2>${e.label}</h2>
<p>Service : ${e.service.name}</p>
<ul>
${e.service.phone ? html`<li>Téléphone : ${telLink(e.service.phone)}</li>` : ""}
${e.service.email ? html`<li>Courriel : <a href="mailto:${e.service.email}">${e.service.email}</a></li>` : ""}
${e.service.postalAddress ? html`<li>Adresse : ${e.service.postalAddress}</li>` : ""}
</ul>
<p>Horaires du service :</p>
${hoursList(e.hours)}
</li>`,
  )}</ul>
<h2>Lieux d’accueil et horaires</h2>
${directorySites(catalog).map((s) => siteCard(s))}`;
  return renderPage({
    title: searched ? `Qui fait quoi ? Recherche « ${query.trim()} »` : "Qui fait quoi ?",
    main,
    town: { name: catalog.commune.name },
    currentPath: "/qui-fait-quoi",
  });
}
