import { escapeHtml } from "./html-escape.util.ts";
import type { CaughtMessageSummary } from "./mail-catcher.types.ts";

const PARIS_TIME = new Intl.DateTimeFormat("fr-FR", {
  dateStyle: "short",
  timeStyle: "medium",
  timeZone: "Europe/Paris",
});

const STYLE = `body{font-family:system-ui,sans-serif;margin:2rem;line-height:1.5;color:#1e1e1e}
table{border-collapse:collapse;width:100%}th,td{border:1px solid #888;padding:.4rem;text-align:left;vertical-align:top}
caption{text-align:left;font-weight:bold;padding:.4rem 0}pre{white-space:pre-wrap;background:#f4f4f4;padding:1rem;border:1px solid #888}
a{color:#000091}a:focus{outline:3px solid #000091;outline-offset:2px}`;

function page(title: string, content: string): string {
  return `<!doctype html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} — Guichet, courriels de développement</title>
<style>${STYLE}</style>
</head>
<body>
<main>
${content}
</main>
</body>
</html>
`;
}

function time(iso: string): string {
  return `<time datetime="${escapeHtml(iso)}">${escapeHtml(PARIS_TIME.format(new Date(iso)))}</time>`;
}

function subjectOf(message: CaughtMessageSummary): string {
  return message.subject === "" ? "(sans objet)" : message.subject;
}

/** Newest first, as a developer looks for the acknowledgement just sent. */
export function renderMessageList(messages: readonly CaughtMessageSummary[]): string {
  const rows = messages
    .map(
      (message) => `<tr>
<td>${time(message.receivedAt)}</td>
<td>${escapeHtml(message.from)}</td>
<td>${escapeHtml(message.envelope.to.join(", "))}</td>
<td><a href="/messages/${encodeURIComponent(message.id)}">${escapeHtml(subjectOf(message))}</a></td>
<td>${message.attachments.length}</td>
</tr>`,
    )
    .join("\n");
  const body =
    messages.length === 0
      ? "<p>Aucun courriel reçu pour le moment.</p>"
      : `<table>
<caption>Courriels reçus, du plus récent au plus ancien (${messages.length})</caption>
<thead><tr><th scope="col">Reçu le (heure de Paris)</th><th scope="col">Expéditeur</th><th scope="col">Destinataires</th><th scope="col">Objet</th><th scope="col">Pièces jointes</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>`;
  return page(
    "Courriels reçus",
    `<h1>Courriels reçus par le serveur de développement</h1>
<p>Ces courriels n’ont pas quitté ce poste : le serveur SMTP local les garde en mémoire. API JSON : <a href="/api/messages">/api/messages</a>.</p>
${body}`,
  );
}

/** Headers and text part, escaped. The HTML part is shown as source, never rendered. */
export function renderMessage(message: CaughtMessageSummary): string {
  const headers = Object.entries(message.headers)
    .map(([name, value]) => `<tr><th scope="row">${escapeHtml(name)}</th><td>${escapeHtml(value)}</td></tr>`)
    .join("\n");
  const attachments =
    message.attachments.length === 0
      ? "<p>Aucune pièce jointe.</p>"
      : `<ul>\n${message.attachments
          .map(
            (attachment) =>
              `<li>${escapeHtml(attachment.filename ?? "(sans nom)")} — ${escapeHtml(attachment.contentType)}, ${attachment.size} octets</li>`,
          )
          .join("\n")}\n</ul>`;
  const html =
    message.html === null
      ? "<p>Ce courriel n’a pas de version HTML.</p>"
      : `<details><summary>Afficher le code source HTML</summary><pre>${escapeHtml(message.html)}</pre></details>`;
  const id = encodeURIComponent(message.id);
  return page(
    subjectOf(message),
    `<p><a href="/">Retour à la liste des courriels</a></p>
<h1>${escapeHtml(subjectOf(message))}</h1>
<p>Reçu le ${time(message.receivedAt)}. <a href="/api/messages/${id}/raw">Source du message (.eml)</a> · <a href="/api/messages/${id}">JSON</a></p>
<h2>Enveloppe SMTP</h2>
<p>De ${escapeHtml(message.envelope.from || "(vide)")} à ${escapeHtml(message.envelope.to.join(", "))}</p>
<h2>En-têtes</h2>
<table>
<caption>En-têtes du message</caption>
<thead><tr><th scope="col">Nom</th><th scope="col">Valeur</th></tr></thead>
<tbody>
${headers}
</tbody>
</table>
<h2>Texte</h2>
<pre>${escapeHtml(message.text)}</pre>
<h2>Version HTML</h2>
${html}
<h2>Pièces jointes</h2>
${attachments}`,
  );
}

export function renderNotFound(): string {
  return page("Introuvable", `<h1>Page introuvable</h1><p><a href="/">Retour à la liste des courriels</a></p>`);
}
