import { CSRF_FIELD, errorSummary, html, roleSchema, type SafeHtml } from "@guichet/web";
import type { userView } from "../users/manage-users.usecase.ts";

type UserView = ReturnType<typeof userView>;

const ROLE_LABELS: Record<string, string> = {
  reception: "Accueil",
  agent: "Agent de service",
  manager: "Responsable",
  admin: "Administrateur",
};

function roleBoxes(prefix: string, checked: readonly string[]): SafeHtml {
  return html`${roleSchema.options.map(
    (role) =>
      html`<div class="choice"><input type="checkbox" id="${prefix}-role-${role}" name="roles" value="${role}"${
        checked.includes(role) ? html` checked` : ""
      }> <label for="${prefix}-role-${role}">${ROLE_LABELS[role]}</label></div>`,
  )}`;
}

function userRow(user: UserView, csrfToken: string): SafeHtml {
  const key = `u-${user.id.replace(/[^a-z0-9]/g, "-")}`;
  return html`<tr>
<th scope="row">${user.id}</th>
<td>${user.name}</td>
<td>${user.roles.map((r) => ROLE_LABELS[r] ?? r).join(", ")}</td>
<td>${user.allServices ? "Tous" : user.serviceIds.join(", ") || "Aucun"}</td>
<td>${user.source === "oidc" ? "Annuaire" : "Local"}${user.disabled ? " – désactivé" : ""}${user.locked ? " – bloqué" : ""}</td>
<td>
<details><summary>Modifier<span class="visually-hidden"> ${user.id}</span></summary>
<form method="post" action="/admin/utilisateurs/${encodeURIComponent(user.id)}">
<input type="hidden" name="${CSRF_FIELD}" value="${csrfToken}">
<fieldset><legend>Rôles de ${user.id}</legend>${roleBoxes(key, user.roles)}</fieldset>
<div class="field"><label for="${key}-services">Services (identifiants séparés par des virgules)</label>
<input type="text" id="${key}-services" name="services" value="${user.serviceIds.join(", ")}"></div>
<div class="choice"><input type="checkbox" id="${key}-all" name="allServices" value="oui"${user.allServices ? html` checked` : ""}>
<label for="${key}-all">Accès à tous les services</label></div>
<div class="choice"><input type="checkbox" id="${key}-disabled" name="disabled" value="oui"${user.disabled ? html` checked` : ""}>
<label for="${key}-disabled">Compte désactivé</label></div>
<button type="submit">Enregistrer<span class="visually-hidden"> ${user.id}</span></button>
</form>
</details>
${
  user.locked
    ? html`<form method="post" action="/admin/utilisateurs/${encodeURIComponent(user.id)}/deverrouiller">
<input type="hidden" name="${CSRF_FIELD}" value="${csrfToken}">
<button type="submit" class="secondary">Débloquer<span class="visually-hidden"> ${user.id}</span></button></form>`
    : ""
}
</td>
</tr>`;
}

export function usersPage(options: {
  users: UserView[];
  csrfToken: string;
  problems?: readonly { field: string; message: string }[];
  draft?: { id?: string; name?: string; services?: string; roles?: string[] };
}): { title: string; main: SafeHtml } {
  const problems = options.problems ?? [];
  const draft = options.draft ?? {};
  const invalid = (field: string) =>
    problems.some((p) => p.field === field) ? html` aria-invalid="true" aria-describedby="erreurs"` : "";
  return {
    title: problems.length ? "Erreur – Utilisateurs" : "Utilisateurs",
    main: html`<h1>Utilisateurs</h1>
${errorSummary(problems)}
<div class="table-wrapper"><table>
<caption>Comptes des agents (${options.users.length})</caption>
<thead><tr><th scope="col">Identifiant</th><th scope="col">Nom</th><th scope="col">Rôles</th><th scope="col">Services</th><th scope="col">Compte</th><th scope="col">Actions</th></tr></thead>
<tbody>${options.users.map((user) => userRow(user, options.csrfToken))}</tbody>
</table></div>
<h2>Créer un compte local</h2>
<form method="post" action="/admin/utilisateurs">
<input type="hidden" name="${CSRF_FIELD}" value="${options.csrfToken}">
<div class="field"><label for="champ-id">Identifiant</label>
<input type="text" id="champ-id" name="id" required autocomplete="off" value="${draft.id ?? ""}"${invalid("id")}></div>
<div class="field"><label for="champ-name">Nom affiché</label>
<input type="text" id="champ-name" name="name" required autocomplete="off" value="${draft.name ?? ""}"${invalid("name")}></div>
<fieldset id="champ-roles"><legend>Rôles</legend>${roleBoxes("nouveau", draft.roles ?? [])}</fieldset>
<div class="field"><label for="champ-serviceIds">Services</label>
<span class="hint" id="aide-services">Identifiants du catalogue séparés par des virgules, par exemple : voirie, urbanisme</span>
<input type="text" id="champ-serviceIds" name="services" aria-describedby="aide-services" value="${draft.services ?? ""}"></div>
<div class="choice"><input type="checkbox" id="champ-allServices" name="allServices" value="oui">
<label for="champ-allServices">Accès à tous les services</label></div>
<div class="field"><label for="champ-password">Mot de passe initial</label>
<span class="hint" id="aide-mdp">Au moins 12 caractères ; à transmettre à l’agent par un autre moyen que le courriel.</span>
<input type="password" id="champ-password" name="password" required autocomplete="new-password" aria-describedby="aide-mdp"${invalid("password")}></div>
<button type="submit">Créer le compte</button>
</form>`,
  };
}
