import type { ServerResponse } from "node:http";

/** Writes a binary or JSON body on a raw response (endpoints that return a PDF). */
export function sendBody(
  response: ServerResponse,
  status: number,
  contentType: string,
  body: Buffer | string,
  headers: Record<string, string> = {},
): void {
  response.writeHead(status, {
    "content-type": contentType,
    "content-length": String(Buffer.byteLength(body)),
    "cache-control": "no-store",
    ...headers,
  });
  response.end(body);
}
