import type { MessageBlock, MessageDocument } from "./message-document.types.ts";
import { NARROW_NBSP } from "./typography.util.ts";

/**
 * Plain-text rendering. Lines are not hard-wrapped: mail clients and screen readers reflow text
 * better than a fixed width, and a wrapped URL or reference would break.
 */
export function renderText(document: MessageDocument, options: { includeEmailFooter: boolean }): string {
  const colon = document.locale === "fr" ? `${NARROW_NBSP}: ` : ": ";
  const parts = [document.sender, "", ...document.blocks.map((block) => blockText(block, colon))];
  if (options.includeEmailFooter && document.emailFooter.length > 0) parts.push("--", ...document.emailFooter);
  return `${parts
    .join("\n\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim()}\n`;
}

function blockText(block: MessageBlock, colon: string): string {
  switch (block.kind) {
    case "heading":
      return `${block.text}\n${(block.level === 1 ? "=" : "-").repeat(Math.min(block.text.length, 72))}`;
    case "paragraph":
      return block.text;
    case "facts":
      return block.items.map((item) => `${item.label}${colon}${item.value}`).join("\n");
    case "list":
      return block.items.map((item) => `- ${item}`).join("\n");
    case "link":
      return `${block.intro}\n${block.label}${colon}${block.href}`;
    case "quote":
      return block.paragraphs.map((paragraph) => paragraph.replace(/^/gm, "> ")).join("\n>\n");
    case "signature":
      return block.lines.join("\n");
  }
}
