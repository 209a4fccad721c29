import { csrfField, errorSummary, html, type RequestLike, renderPage, type StaffIdentity } from "@guichet/web";
import type { CatalogVersionInfo } from "../catalog-store/catalog-versions.ts";

export interface CatalogPageState {
  town: string;
  staff: StaffIdentity;
  request: RequestLike;
  activeVersion: number;
  versions: readonly CatalogVersionInfo[];
  content: string;
  comment: string;
  problems: readonly { field: string; message: string }[];
  notice?: string;
}

const dateFormat = new Intl.DateTimeFormat("fr-FR", {
  dateStyle: "short",
  timeStyle: "short",
  timeZone: "Europe/Paris",
});

/**
 * The catalogue editor. Problems name the entry of the YAML ("subjects[3] (id "voirie.x")"); they all
 * link to the text area, the one field of the form.
 */
export function catalogAdminPage(state: CatalogPageState): string {
  const problems = state.problems.map((p) => ({ field: "content", message: `${p.field} : ${p.message}` }));
  const main = html`<h1>Catalogue : qui fait quoi</h1>
<p>Version active : ${state.activeVersion}. Une modification refusée laisse la version active inchangée.</p>
${errorSummary(problems)}
<form method="post" action="/admin/catalogue">
${csrfField(state.request)}
<div class="field">
<label for="champ-content">Catalogue (YAML)</label>
<p class="hint" id="aide-content">Format décrit dans la documentation du catalogue (sites, calendriers, services, sujets, règles).</p>
<textarea id="champ-content" name="content" rows="30" cols="100" spellcheck="false" aria-describedby="aide-content"${
    problems.length ? html` aria-invalid="true"` : ""
  }>${state.content}</textarea>
</div>
<div class="field">
<label for="champ-comment">Résumé de la modification (facultatif)</label>
<input type="text" id="champ-comment" name="comment" maxlength="300" value="${state.comment}">
</div>
<button type="submit" name="action" value="validate">Vérifier</button>
<button type="submit" name="action" value="save">Enregistrer une nouvelle version</button>
</form>
<h2>Versions</h2>
<table>
<caption>Historique des versions du catalogue, la plus récente en premier</caption>
<thead><tr><th scope="col">Version</th><th scope="col">Date</th><th scope="col">Par</th><th scope="col">Source</th><th scope="col">Modifications</th></tr></thead>
<tbody>${state.versions.map(
    (v) =>
      html`<tr><td>${v.version}</td><td>${dateFormat.format(v.createdAt)}</td><td>${v.createdBy}</td><td>${v.source}</td><td>${v.comment ?? ""}</td></tr>`,
  )}</tbody>
</table>`;
  return renderPage({
    title: problems.length ? "Erreurs — Catalogue" : "Catalogue",
    main,
    town: { name: state.town },
    staff: state.staff,
    currentPath: "/admin/catalogue",
    ...(state.notice ? { notice: state.notice } : {}),
  });
}
