import { AppError } from "@guichet/runtime";
import type { UploadedFile } from "../web/multipart.ts";

export const SCAN_MAX_BYTES = 20 * 1024 * 1024;

/** The scan must really be a PDF, JPEG or PNG (judged by its first bytes, not by its name). */
export function checkScan(files: readonly UploadedFile[]): UploadedFile {
  const scan = files.find((file) => file.field === "scan");
  if (!scan)
    throw new AppError("validation", "courrier numérisé manquant", [
      { field: "scan", message: "le courrier numérisé (PDF, JPEG ou PNG) est obligatoire" },
    ]);
  const kind = mediaTypeOf(scan.content);
  if (!kind)
    throw new AppError("validation", "type de fichier refusé", [
      { field: "scan", message: `${scan.filename} : seuls les fichiers PDF, JPEG et PNG sont acceptés` },
    ]);
  return { ...scan, contentType: kind };
}

function mediaTypeOf(content: Buffer): string | null {
  if (content.subarray(0, 5).toString("latin1") === "%PDF-") return "application/pdf";
  if (content[0] === 0xff && content[1] === 0xd8 && content[2] === 0xff) return "image/jpeg";
  if (content.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return "image/png";
  return null;
}
