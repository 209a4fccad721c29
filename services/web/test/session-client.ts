/**
 * A browser-like HTTP client for tests: keeps cookies, never follows redirects on its own, and
 * reads the CSRF token from the hidden field of the last form it fetched.
 */
export class SessionClient {
  readonly cookies = new Map<string, string>();

  constructor(readonly baseUrl: string) {}

  async request(
    path: string,
    init: RequestInit & { form?: Record<string, string | string[]> } = {},
  ): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookies.size) headers.set("cookie", [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; "));
    let body = init.body;
    if (init.form) {
      const params = new URLSearchParams();
      for (const [name, value] of Object.entries(init.form)) for (const v of [value].flat()) params.append(name, v);
      body = params.toString();
      headers.set("content-type", "application/x-www-form-urlencoded");
    }
    const response = await fetch(new URL(path, this.baseUrl), { ...init, headers, body, redirect: "manual" });
    for (const line of response.headers.getSetCookie()) {
      const [pair = "", ...attributes] = line.split(";");
      const at = pair.indexOf("=");
      const name = pair.slice(0, at).trim();
      const value = pair.slice(at + 1).trim();
      if (attributes.some((a) => /^\s*max-age=0$/i.test(a)) || value === "") this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return response;
  }

  /** GETs a page and returns its HTML and the CSRF token of its first form. */
  async page(path: string): Promise<{ status: number; html: string; csrf: string }> {
    const response = await this.request(path);
    const html = await response.text();
    const csrf = /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? "";
    return { status: response.status, html, csrf };
  }

  async signIn(id: string, password: string): Promise<Response> {
    const { csrf } = await this.page("/connexion");
    return this.request("/connexion", {
      method: "POST",
      form: { _csrf: csrf, identifiant: id, mot_de_passe: password },
    });
  }
}
