import http, { type IncomingMessage, type OutgoingHttpHeaders, type ServerResponse } from "node:http";
import https from "node:https";
import { pipeline } from "node:stream/promises";

/** Hop-by-hop headers (RFC 9110 §7.6.1) are never forwarded. */
const HOP_BY_HOP = new Set([
  "connection",
  "keep-alive",
  "proxy-authenticate",
  "proxy-authorization",
  "te",
  "trailer",
  "transfer-encoding",
  "upgrade",
  "proxy-connection",
]);

export interface ProxyRequest {
  /** Service base URL, e.g. http://127.0.0.1:3001. */
  upstream: string;
  /** Path and query string to request upstream. */
  path: string;
  /** Request headers, already cleaned by the gateway (identity and CSRF set, browser's stripped). */
  headers: OutgoingHttpHeaders;
  /** Headers added to (and overriding) the upstream response: security headers, cookies. */
  responseHeaders: Record<string, string | string[]>;
}

export function forwardableHeaders(request: IncomingMessage): OutgoingHttpHeaders {
  const headers: OutgoingHttpHeaders = {};
  const connectionTokens = new Set(
    String(request.headers.connection ?? "")
      .split(",")
      .map((t) => t.trim().toLowerCase()),
  );
  for (const [name, value] of Object.entries(request.headers)) {
    if (value === undefined || HOP_BY_HOP.has(name) || connectionTokens.has(name)) continue;
    headers[name] = value;
  }
  return headers;
}

const agentOptions = { keepAlive: true, maxSockets: 256 };
const httpAgent = new http.Agent(agentOptions);
const httpsAgent = new https.Agent(agentOptions);

/**
 * Streams the request body to the service and the service's answer back, without buffering either
 * (uploads of attachments, PDF downloads). Resolves when the response is finished; a service that
 * cannot be reached rejects before anything was written, so the caller can answer 502.
 */
export function proxy(request: IncomingMessage, response: ServerResponse, target: ProxyRequest): Promise<void> {
  const url = new URL(target.path, target.upstream);
  const client = url.protocol === "https:" ? https : http;
  return new Promise((resolve, reject) => {
    const upstream = client.request(
      url,
      {
        method: request.method,
        headers: target.headers,
        agent: url.protocol === "https:" ? httpsAgent : httpAgent,
      },
      (upstreamResponse) => {
        const headers: Record<string, string | string[]> = {};
        for (const [name, value] of Object.entries(upstreamResponse.headers)) {
          if (value === undefined || HOP_BY_HOP.has(name)) continue;
          headers[name] = value;
        }
        for (const [name, value] of Object.entries(target.responseHeaders)) {
          if (name === "set-cookie") {
            const existing = headers["set-cookie"] ?? [];
            headers["set-cookie"] = [...(Array.isArray(existing) ? existing : [existing]), ...[value].flat()];
          } else headers[name] = value;
        }
        response.writeHead(upstreamResponse.statusCode ?? 502, upstreamResponse.statusMessage, headers);
        pipeline(upstreamResponse, response).then(resolve, (error: unknown) => {
          // The browser went away or the service broke off mid-body: nothing more can be sent.
          response.destroy();
          resolve(void error);
        });
      },
    );
    upstream.on("error", (error) => {
      if (response.headersSent) {
        response.destroy();
        resolve();
      } else reject(error);
    });
    request.on("aborted", () => upstream.destroy());
    pipeline(request, upstream).catch(() => upstream.destroy());
  });
}
