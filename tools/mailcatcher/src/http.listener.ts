import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { type CaughtMessageStore, type StoredMessage, toCaughtMessage } from "./caught-message.store.ts";
import { renderMessage, renderMessageList, renderNotFound } from "./html.views.ts";
import type { CaughtMessageSummary } from "./mail-catcher.types.ts";

export interface HttpListener {
  port: number;
  close(): Promise<void>;
}

// Mail content is untrusted: even escaped, pages forbid scripts, frames and remote loads.
const HTML_HEADERS = {
  "content-type": "text/html; charset=utf-8",
  "content-security-policy": "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'",
};
const COMMON_HEADERS = {
  "cache-control": "no-store",
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
};

const MESSAGE_API = /^\/api\/messages\/([^/]+)(\/raw)?$/;
const MESSAGE_PAGE = /^\/messages\/([^/]+)$/;

/** The HTTP side of the catcher: a JSON API for tests and tools, and French pages for developers. */
export async function listenHttp(store: CaughtMessageStore, host: string, port: number): Promise<HttpListener> {
  const server = createServer((request, response) => {
    try {
      route(store, request, response);
    } catch (error) {
      sendJson(response, 500, { error: "internal_error", message: String(error) });
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error === undefined ? resolve() : reject(error)));
        // Keep-alive connections (fetch, browsers) would otherwise hold close() open.
        server.closeAllConnections();
      }),
  };
}

function route(store: CaughtMessageStore, request: IncomingMessage, response: ServerResponse): void {
  const url = new URL(request.url ?? "/", "http://mailcatcher.invalid");
  const method = request.method === "HEAD" ? "GET" : (request.method ?? "GET");
  const path = url.pathname;

  if (path === "/api/messages" && method === "DELETE") {
    store.clear();
    response.writeHead(204, COMMON_HEADERS).end();
  } else if (method !== "GET") {
    methodNotAllowed(response, path === "/api/messages" ? "GET, HEAD, DELETE" : "GET, HEAD");
  } else if (path === "/api/messages") {
    sendJson(response, 200, newestFirst(store.all(), url.searchParams.get("to")));
  } else if (path === "/healthz") {
    sendJson(response, 200, { status: "ok" });
  } else if (path === "/") {
    sendHtml(response, 200, renderMessageList(newestFirst(store.all(), null)));
  } else if (path.startsWith("/api/")) {
    routeMessageApi(store, path, response);
  } else {
    const id = MESSAGE_PAGE.exec(path)?.[1];
    const message = id === undefined ? undefined : store.find(safeDecode(id));
    if (message === undefined) sendHtml(response, 404, renderNotFound());
    else sendHtml(response, 200, renderMessage(message.summary));
  }
}

function routeMessageApi(store: CaughtMessageStore, path: string, response: ServerResponse): void {
  const match = MESSAGE_API.exec(path);
  const message = match?.[1] === undefined ? undefined : store.find(safeDecode(match[1]));
  if (message === undefined) {
    sendJson(response, 404, { error: "not_found" });
  } else if (match?.[2] === undefined) {
    sendJson(response, 200, toCaughtMessage(message));
  } else {
    response.writeHead(200, {
      ...COMMON_HEADERS,
      "content-type": "message/rfc822",
      "content-disposition": `attachment; filename="${message.summary.id}.eml"`,
      "content-length": message.raw.length,
    });
    response.end(message.raw);
  }
}

/** A malformed escape (`%E0`) names no message: treat it as unknown rather than as a server error. */
function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return "";
  }
}

function newestFirst(messages: readonly StoredMessage[], to: string | null): CaughtMessageSummary[] {
  const recipient = to?.trim().toLowerCase();
  return messages
    .map((message) => message.summary)
    .filter(
      (summary) =>
        recipient === undefined ||
        recipient === "" ||
        [...summary.to, ...summary.envelope.to].some((address) => address.toLowerCase() === recipient),
    )
    .reverse();
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  const payload = JSON.stringify(body);
  response.writeHead(status, { ...COMMON_HEADERS, "content-type": "application/json; charset=utf-8" });
  response.end(payload);
}

function sendHtml(response: ServerResponse, status: number, html: string): void {
  response.writeHead(status, { ...COMMON_HEADERS, ...HTML_HEADERS });
  response.end(html);
}

function methodNotAllowed(response: ServerResponse, allow: string): void {
  response.writeHead(405, { ...COMMON_HEADERS, allow, "content-type": "application/json; charset=utf-8" });
  response.end(JSON.stringify({ error: "method_not_allowed" }));
}
