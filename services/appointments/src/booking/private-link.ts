import { createHash, createHmac } from "node:crypto";

/**
 * The citizen's private link to an appointment or a room request. The token is derived from the
 * record's id with the server secret (HMAC-SHA256, 256 bits), so the reminder and the reschedule
 * confirmation can carry the same link again although only its SHA-256 is stored: a copy of the
 * database alone does not give anyone the links.
 */
export class PrivateLinks {
  constructor(
    private readonly secret: string,
    private readonly publicUrl: string,
  ) {}

  tokenOf(kind: "appointment" | "room", id: string): string {
    return createHmac("sha256", this.secret).update(`guichet-${kind}-link:${id}`).digest("base64url");
  }

  appointmentUrl(id: string): string {
    return `${this.base()}/rendez-vous/gerer/${this.tokenOf("appointment", id)}`;
  }

  roomUrl(id: string): string {
    return `${this.base()}/salles/demande/${this.tokenOf("room", id)}`;
  }

  private base(): string {
    return this.publicUrl.replace(/\/+$/, "");
  }
}

export function tokenHash(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** A token of the form the links carry (43 base64url characters), before any database look-up. */
export function isWellFormedToken(token: string): boolean {
  return /^[A-Za-z0-9_-]{43}$/.test(token);
}
