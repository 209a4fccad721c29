import type { EmailAttachment } from "./parse-email.ts";

export interface AttachmentLimits {
  maxFiles: number;
  maxFileBytes: number;
  maxTotalBytes: number;
}

export const DEFAULT_ATTACHMENT_LIMITS: AttachmentLimits = {
  maxFiles: 10,
  maxFileBytes: 15 * 1024 * 1024,
  maxTotalBytes: 25 * 1024 * 1024,
};

/** Stable codes: they are shown to agents and may be sent back to the citizen. */
export type AttachmentRefusal =
  | "forbidden-type"
  | "executable-content"
  | "empty-file"
  | "file-too-large"
  | "too-many-files"
  | "total-size-exceeded";

interface RefusedAttachment {
  attachment: EmailAttachment;
  reason: AttachmentRefusal;
}

export interface ScreenedAttachments {
  accepted: EmailAttachment[];
  refused: RefusedAttachment[];
}

/** Allowed extensions and the media types that identify them when a part has no file name. */
const ALLOWED: Record<string, readonly string[]> = {
  pdf: ["application/pdf"],
  jpg: ["image/jpeg", "image/pjpeg"],
  jpeg: ["image/jpeg", "image/pjpeg"],
  png: ["image/png"],
  heic: ["image/heic", "image/heif"],
  heif: ["image/heif"],
  gif: ["image/gif"],
  webp: ["image/webp"],
  doc: ["application/msword"],
  docx: ["application/vnd.openxmlformats-officedocument.wordprocessingml.document"],
  odt: ["application/vnd.oasis.opendocument.text"],
  xls: ["application/vnd.ms-excel"],
  xlsx: ["application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"],
  ods: ["application/vnd.oasis.opendocument.spreadsheet"],
  txt: ["text/plain"],
  rtf: ["application/rtf", "text/rtf"],
  eml: ["message/rfc822"],
};
const ALLOWED_TYPES = new Set(Object.values(ALLOWED).flat());

function extensionOf(filename: string | null): string | null {
  const dot = filename?.lastIndexOf(".") ?? -1;
  if (filename === null || dot <= 0 || dot === filename.length - 1) return null;
  return filename.slice(dot + 1).toLowerCase();
}

/**
 * The declared type is decided by the file name when there is one — mail clients often send
 * "application/octet-stream" — and by the media type otherwise. A double extension
 * ("facture.pdf.exe") is judged by its last one, like the citizen's own computer would.
 */
function allowedType(attachment: EmailAttachment): boolean {
  const extension = extensionOf(attachment.filename);
  if (extension !== null) return extension in ALLOWED;
  return ALLOWED_TYPES.has(attachment.contentType);
}

/** Windows PE ("MZ" … "PE\0\0") and ELF executables, whatever their name says. */
function looksExecutable(content: Buffer): boolean {
  if (content.length >= 4 && content.readUInt32BE(0) === 0x7f454c46) return true;
  if (content.length < 64 || content[0] !== 0x4d || content[1] !== 0x5a) return false;
  const peOffset = content.readUInt32LE(0x3c);
  return peOffset + 4 <= content.length && content.readUInt32BE(peOffset) === 0x50450000;
}

/**
 * Splits attachments into accepted and refused ones; a refused file never refuses the mail.
 * Files the citizen attached are considered before inline images (logos in HTML signatures), so
 * that images never take the place of a document; accepted files keep the message order.
 */
export function screenAttachments(
  attachments: readonly EmailAttachment[],
  limits: AttachmentLimits = DEFAULT_ATTACHMENT_LIMITS,
): ScreenedAttachments {
  const order = new Map(attachments.map((attachment, index) => [attachment, index]));
  const byPriority = [...attachments.filter((a) => !a.inline), ...attachments.filter((a) => a.inline)];
  const accepted: EmailAttachment[] = [];
  const refused: RefusedAttachment[] = [];
  let total = 0;
  for (const attachment of byPriority) {
    const reason = refusal(attachment, accepted.length, total, limits);
    if (reason !== null) {
      refused.push({ attachment, reason });
      continue;
    }
    accepted.push(attachment);
    total += attachment.size;
  }
  accepted.sort((a, b) => (order.get(a) ?? 0) - (order.get(b) ?? 0));
  return { accepted, refused };
}

function refusal(
  attachment: EmailAttachment,
  acceptedCount: number,
  acceptedBytes: number,
  limits: AttachmentLimits,
): AttachmentRefusal | null {
  if (!allowedType(attachment)) return "forbidden-type";
  if (looksExecutable(attachment.content)) return "executable-content";
  if (attachment.size === 0) return "empty-file";
  if (attachment.size > limits.maxFileBytes) return "file-too-large";
  if (acceptedCount >= limits.maxFiles) return "too-many-files";
  if (acceptedBytes + attachment.size > limits.maxTotalBytes) return "total-size-exceeded";
  return null;
}
