import * as client from "openid-client";
import type pg from "pg";
import type { OidcOptions } from "../config.ts";
import { accessFromClaims, type DirectoryAccess } from "./oidc-claims.ts";

const LOGIN_TTL_MINUTES = 10;

export class OidcError extends Error {}

/**
 * OpenID Connect sign-in (authorization code + PKCE, state and nonce) against the town's
 * directory. The state also sits in a short-lived cookie: a callback is only accepted in the
 * browser that started the login. Discovery is lazy so a directory outage does not stop the site.
 */
export class OidcSignIn {
  private configuration: Promise<client.Configuration> | undefined;
  private readonly table: string;
  readonly redirectUri: string;

  constructor(
    private readonly options: OidcOptions,
    publicUrl: string,
    private readonly pool: pg.Pool,
    schema: string,
  ) {
    this.table = `"${schema}".oidc_login`;
    this.redirectUri = `${publicUrl}/oidc/callback`;
  }

  private config(): Promise<client.Configuration> {
    this.configuration ??= client
      .discovery(
        new URL(this.options.issuerUrl),
        this.options.clientId,
        this.options.clientSecret,
        undefined,
        this.options.allowHttp ? { execute: [client.allowInsecureRequests] } : undefined,
      )
      .catch((error: unknown) => {
        this.configuration = undefined;
        throw error;
      });
    return this.configuration;
  }

  /** The directory's authorization URL, and the state to keep in the browser's cookie. */
  async start(returnTo: string): Promise<{ url: string; state: string }> {
    const config = await this.config();
    const state = client.randomState();
    const nonce = client.randomNonce();
    const verifier = client.randomPKCECodeVerifier();
    await this.pool.query(
      `DELETE FROM ${this.table} WHERE created_at < now() - make_interval(mins => ${LOGIN_TTL_MINUTES})`,
    );
    await this.pool.query(
      `INSERT INTO ${this.table} (state, code_verifier, nonce, return_to) VALUES ($1, $2, $3, $4)`,
      [state, verifier, nonce, returnTo],
    );
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: this.redirectUri,
      scope: this.options.scopes,
      code_challenge: await client.calculatePKCECodeChallenge(verifier),
      code_challenge_method: "S256",
      state,
      nonce,
    });
    return { url: url.href, state };
  }

  /** Exchanges the code; throws OidcError on any mismatch (state, nonce, PKCE, signature). */
  async finish(callbackUrl: URL, cookieState: string | undefined): Promise<DirectoryAccess & { returnTo: string }> {
    const state = callbackUrl.searchParams.get("state");
    if (!state || !cookieState || state !== cookieState) throw new OidcError("state does not match this browser");
    const { rows } = await this.pool.query<{ code_verifier: string; nonce: string; return_to: string }>(
      `DELETE FROM ${this.table} WHERE state = $1 AND created_at > now() - make_interval(mins => ${LOGIN_TTL_MINUTES})
       RETURNING code_verifier, nonce, return_to`,
      [state],
    );
    const login = rows[0];
    if (!login) throw new OidcError("unknown or expired login");
    const config = await this.config();
    // The token request must name the registered redirect URI, whatever host the request came in on.
    const current = new URL(this.redirectUri);
    current.search = callbackUrl.search;
    let claims: Record<string, unknown> | undefined;
    try {
      const tokens = await client.authorizationCodeGrant(config, current, {
        pkceCodeVerifier: login.code_verifier,
        expectedState: state,
        expectedNonce: login.nonce,
        idTokenExpected: true,
      });
      claims = tokens.claims() as Record<string, unknown> | undefined;
    } catch (error) {
      throw new OidcError(`code exchange refused: ${(error as Error).message}`);
    }
    if (!claims?.sub) throw new OidcError("no ID token claims");
    return { ...accessFromClaims(claims, this.options), returnTo: login.return_to };
  }
}
