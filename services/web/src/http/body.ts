import type { IncomingMessage } from "node:http";
import { AppError } from "@guichet/runtime";

async function readText(request: IncomingMessage, limitBytes: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > limitBytes) throw new AppError("payload-too-large", "Le formulaire envoyé est trop volumineux.");
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}

function contentType(request: IncomingMessage): string {
  return String(request.headers["content-type"] ?? "")
    .split(";")[0]
    ?.trim()
    .toLowerCase() as string;
}

/** An application/x-www-form-urlencoded body; repeated names become arrays. */
export async function readForm(request: IncomingMessage, limitBytes = 64 * 1024): Promise<Record<string, unknown>> {
  if (contentType(request) !== "application/x-www-form-urlencoded")
    throw new AppError("validation", "Formulaire attendu (application/x-www-form-urlencoded).");
  const form: Record<string, unknown> = {};
  for (const [name, value] of new URLSearchParams(await readText(request, limitBytes))) {
    const existing = form[name];
    form[name] = existing === undefined ? value : [...[existing].flat(), value];
  }
  return form;
}

/** A JSON body: the content type is required, which a cross-site HTML form cannot send. */
export async function readJson(request: IncomingMessage, limitBytes = 64 * 1024): Promise<unknown> {
  if (contentType(request) !== "application/json") throw new AppError("validation", "JSON attendu (application/json).");
  try {
    return JSON.parse(await readText(request, limitBytes));
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new AppError("validation", "JSON invalide.");
  }
}
