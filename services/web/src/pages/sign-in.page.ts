import { CSRF_FIELD, html, type SafeHtml } from "@guichet/web";

export const SIGN_IN_FAILED =
  "Identifiant ou mot de passe incorrect. Après 5 essais infructueux, le compte est bloqué 15 minutes.";

/** Only local paths are accepted as a destination after sign-in (no open redirect). */
export function safeReturnPath(value: unknown): string | null {
  if (typeof value !== "string" || !value.startsWith("/") || value.startsWith("//") || value.includes("\\"))
    return null;
  return value.length <= 500 ? value : null;
}

export function signInPage(options: {
  csrfToken: string;
  returnTo: string | null;
  error?: string;
  id?: string;
  oidc: boolean;
}): { title: string; main: SafeHtml } {
  const error = options.error
    ? html`<div class="error-summary" role="alert" tabindex="-1" id="erreurs">
<h2>Connexion impossible</h2>
<ul><li><a href="#champ-identifiant">${options.error}</a></li></ul>
</div>`
    : "";
  const returnQuery = options.returnTo ? `?retour=${encodeURIComponent(options.returnTo)}` : "";
  return {
    title: options.error ? "Erreur de connexion – Connexion des agents" : "Connexion des agents",
    main: html`<h1>Connexion des agents</h1>
${error}
${
  options.oidc
    ? html`<p><a class="button" href="/oidc/connexion${returnQuery}">Se connecter avec le compte de la mairie</a></p>
<h2>Ou avec un compte local</h2>`
    : ""
}
<form method="post" action="/connexion">
<input type="hidden" name="${CSRF_FIELD}" value="${options.csrfToken}">
${options.returnTo ? html`<input type="hidden" name="retour" value="${options.returnTo}">` : ""}
<div class="field">
<label for="champ-identifiant">Identifiant</label>
<input type="text" id="champ-identifiant" name="identifiant" autocomplete="username" required
 value="${options.id ?? ""}"${options.error ? html` aria-invalid="true" aria-describedby="erreurs"` : ""}>
</div>
<div class="field">
<label for="champ-mot-de-passe">Mot de passe</label>
<input type="password" id="champ-mot-de-passe" name="mot_de_passe" autocomplete="current-password" required>
</div>
<button type="submit">Se connecter</button>
</form>
<p>Cet espace est réservé aux agents de la mairie. Mot de passe oublié ou compte bloqué : adressez-vous à
l’administrateur du site.</p>`,
  };
}
