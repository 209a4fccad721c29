import { html, type SafeHtml } from "@guichet/web";
import type { AuditRow } from "../audit/audit.repository.ts";

const ACTIONS: Record<string, string> = {
  view: "Consultation",
  change: "Modification",
  export: "Export",
  "sign-in": "Connexion",
  "sign-in-failed": "Échec de connexion",
  admin: "Administration",
};

export interface AuditFilters {
  staffId?: string;
  reference?: string;
  from?: string;
  to?: string;
}

export function auditPage(options: {
  entries: AuditRow[];
  total: number;
  page: number;
  pageSize: number;
  filters: AuditFilters;
}): { title: string; main: SafeHtml } {
  const { filters, page, pageSize, total } = options;
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const link = (target: number) => {
    const query = new URLSearchParams(
      Object.entries({ ...filters, page: String(target) }).filter((e): e is [string, string] => !!e[1]),
    );
    return `/admin/audit?${query}`;
  };
  return {
    title: page > 1 ? `Journal des accès – page ${page}` : "Journal des accès",
    main: html`<h1>Journal des accès</h1>
<p>Chaque consultation ou modification des données personnelles d’une demande par un agent, les connexions et les
actions d’administration. Ce journal est distinct des journaux techniques.</p>
<form method="get" action="/admin/audit">
<div class="field"><label for="champ-staffId">Agent (identifiant)</label>
<input type="text" id="champ-staffId" name="staffId" value="${filters.staffId ?? ""}"></div>
<div class="field"><label for="champ-reference">Référence de la demande</label>
<input type="text" id="champ-reference" name="reference" value="${filters.reference ?? ""}"></div>
<div class="field"><label for="champ-from">Depuis le</label>
<input type="date" id="champ-from" name="from" value="${filters.from ?? ""}"></div>
<div class="field"><label for="champ-to">Jusqu’au (inclus)</label>
<input type="date" id="champ-to" name="to" value="${filters.to ?? ""}"></div>
<button type="submit">Filtrer</button>
</form>
<div class="table-wrapper"><table>
<caption>${total} entrée${total > 1 ? "s" : ""}, page ${page} sur ${pages}</caption>
<thead><tr><th scope="col">Date</th><th scope="col">Agent</th><th scope="col">Action</th><th scope="col">Demande</th><th scope="col">Détail</th><th scope="col">Service</th></tr></thead>
<tbody>${options.entries.map(
      (entry) => html`<tr>
<td>${new Date(entry.at).toLocaleString("fr-FR", { timeZone: "Europe/Paris" })}</td>
<td>${entry.staffId}</td>
<td>${ACTIONS[entry.action] ?? entry.action}</td>
<td>${entry.reference ?? ""}</td>
<td>${entry.resource} : ${entry.detail}</td>
<td>${entry.service}</td>
</tr>`,
    )}</tbody>
</table></div>
<nav aria-label="Pages du journal"><ul class="pagination">
${page > 1 ? html`<li><a href="${link(page - 1)}">Page précédente</a></li>` : ""}
${page < pages ? html`<li><a href="${link(page + 1)}">Page suivante</a></li>` : ""}
</ul></nav>`,
  };
}
