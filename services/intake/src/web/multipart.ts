import { createHash } from "node:crypto";
import type { IncomingMessage } from "node:http";
import { AppError } from "@guichet/runtime";
import busboy from "busboy";

export interface UploadedFile {
  field: string;
  filename: string;
  contentType: string;
  size: number;
  sha256: string;
  content: Buffer;
}

export interface MultipartBody {
  fields: Record<string, string>;
  files: UploadedFile[];
}

export interface MultipartLimits {
  maxFiles: number;
  maxFileBytes: number;
  maxFields?: number;
}

export function isMultipart(request: IncomingMessage): boolean {
  return (request.headers["content-type"] ?? "").toLowerCase().startsWith("multipart/form-data");
}

/**
 * Reads a multipart/form-data body (the JSON and urlencoded parsers leave it untouched). Files over
 * the limits are refused with a validation error naming the field, rather than silently truncated.
 * Empty file inputs (a form sent without choosing a file) are dropped.
 */
export function readMultipart(request: IncomingMessage, limits: MultipartLimits): Promise<MultipartBody> {
  return new Promise((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers: request.headers,
        defParamCharset: "utf8",
        limits: {
          files: limits.maxFiles,
          fileSize: limits.maxFileBytes,
          fields: limits.maxFields ?? 100,
          fieldSize: 100_000,
        },
      });
    } catch {
      reject(new AppError("validation", "Corps multipart/form-data invalide"));
      return;
    }
    const fields: Record<string, string> = {};
    const files: UploadedFile[] = [];
    const reading: Promise<void>[] = [];
    let problem: AppError | null = null;
    parser.on("field", (name, value) => {
      fields[name] = value;
    });
    parser.on("file", (field, stream, info) => {
      const chunks: Buffer[] = [];
      const hash = createHash("sha256");
      let size = 0;
      reading.push(
        new Promise((done) => {
          stream.on("data", (chunk: Buffer) => {
            chunks.push(chunk);
            hash.update(chunk);
            size += chunk.length;
          });
          stream.on("limit", () => {
            problem ??= new AppError("payload-too-large", `${info.filename} : fichier trop volumineux`, [
              { field, message: `le fichier ${info.filename} dépasse ${Math.round(limits.maxFileBytes / 1048576)} Mo` },
            ]);
          });
          stream.on("close", () => {
            if (size > 0)
              files.push({
                field,
                filename: info.filename || "fichier",
                contentType: info.mimeType || "application/octet-stream",
                size,
                sha256: hash.digest("hex"),
                content: Buffer.concat(chunks),
              });
            done();
          });
        }),
      );
    });
    parser.on("filesLimit", () => {
      problem ??= new AppError("validation", `${limits.maxFiles} fichiers au plus`, [
        { field: "attachments", message: `${limits.maxFiles} fichiers au plus` },
      ]);
    });
    parser.on("error", () => reject(new AppError("validation", "Corps multipart/form-data invalide")));
    parser.on("close", () => {
      void Promise.all(reading).then(() => (problem ? reject(problem) : resolve({ fields, files })));
    });
    request.pipe(parser);
  });
}
