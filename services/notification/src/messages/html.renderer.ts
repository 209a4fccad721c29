import type { MessageBlock, MessageDocument } from "./message-document.types.ts";

/**
 * Accessible HTML e-mail (RGAA / WCAG 2.1 AA): lang on the root, one h1 then h2 sections,
 * description lists for facts, no layout tables, no image, inline CSS only (mail clients drop
 * <style>), colours of at least 7:1 on white. Every text is escaped here, once: nothing upstream
 * produces markup, so neither a citizen nor a template can inject any.
 */

const COLOR_TEXT = "#1e1e1e"; // 16.1:1 on white
const COLOR_ACCENT = "#000091"; // 15.2:1 on white (the State's "bleu France")
const COLOR_MUTED = "#3a3a3a"; // 11.4:1 on white

const ESCAPES: Readonly<Record<string, string>> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ESCAPES[char] ?? char);
}

/** Escapes, and keeps the author's line breaks (addresses, signatures). */
function inline(text: string): string {
  return escapeHtml(text).replace(/\n/g, "<br>");
}

/** Only web links: a tracking URL is configuration, but a javascript: URL must never become clickable. */
function safeHref(href: string): string | null {
  try {
    const url = new URL(href);
    return url.protocol === "https:" || url.protocol === "http:" ? url.href : null;
  } catch {
    return null;
  }
}

export function renderHtml(document: MessageDocument): string {
  const lang = document.locale;
  const body = document.blocks.map(blockHtml).join("\n");
  const footer = document.emailFooter.map((line) => `<p style="margin:0 0 8px 0">${inline(line)}</p>`).join("\n");
  return `<!DOCTYPE html>
<html lang="${lang}" dir="ltr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(document.subject)}</title>
</head>
<body style="margin:0;padding:0;background-color:#ffffff;color:${COLOR_TEXT};font-family:Arial,Helvetica,sans-serif;font-size:16px;line-height:1.5">
<div role="article" aria-roledescription="email" aria-label="${escapeHtml(document.subject)}" lang="${lang}" dir="ltr" style="max-width:640px;margin:0 auto;padding:24px 16px">
<p style="margin:0 0 16px 0;font-weight:bold;color:${COLOR_ACCENT}">${inline(document.sender)}</p>
${body}
<div role="contentinfo" style="margin-top:32px;padding-top:16px;border-top:1px solid ${COLOR_MUTED};font-size:14px;color:${COLOR_MUTED}">
${footer}
</div>
</div>
</body>
</html>
`;
}

function blockHtml(block: MessageBlock): string {
  switch (block.kind) {
    case "heading":
      return block.level === 1
        ? `<h1 style="margin:0 0 16px 0;font-size:24px;line-height:1.3;color:${COLOR_TEXT}">${inline(block.text)}</h1>`
        : `<h2 style="margin:24px 0 8px 0;font-size:19px;line-height:1.3;color:${COLOR_ACCENT}">${inline(block.text)}</h2>`;
    case "paragraph":
      return `<p style="margin:0 0 16px 0">${inline(block.text)}</p>`;
    case "facts":
      return `<dl style="margin:0 0 16px 0">\n${block.items
        .map(
          (item) =>
            `<dt style="font-weight:bold;margin:0">${inline(item.label)}</dt><dd style="margin:0 0 8px 0">${inline(item.value)}</dd>`,
        )
        .join("\n")}\n</dl>`;
    case "list":
      return `<ul style="margin:0 0 16px 0;padding-left:24px">\n${block.items
        .map((item) => `<li style="margin:0 0 4px 0">${inline(item)}</li>`)
        .join("\n")}\n</ul>`;
    case "link": {
      const href = safeHref(block.href);
      const link = href
        ? `<a href="${escapeHtml(href)}" style="color:${COLOR_ACCENT};text-decoration:underline">${inline(block.label)}</a>`
        : inline(block.href);
      return `<p style="margin:0 0 16px 0">${inline(block.intro)}<br>${link}</p>`;
    }
    case "quote":
      return `<blockquote style="margin:0 0 16px 0;padding:0 0 0 12px;border-left:4px solid ${COLOR_ACCENT}">\n${block.paragraphs
        .map((paragraph) => `<p style="margin:0 0 8px 0">${inline(paragraph)}</p>`)
        .join("\n")}\n</blockquote>`;
    case "signature":
      return `<p style="margin:0 0 16px 0">${block.lines.map(inline).join("<br>")}</p>`;
  }
}
