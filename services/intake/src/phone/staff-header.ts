import { AppError } from "@guichet/runtime";

/**
 * The staff member behind a request.
 * TODO(lead): replace with the identity guard from @guichet/web (signed x-guichet-identity header,
 * GUICHET_IDENTITY_SECRET); this placeholder trusts an unsigned header and is only safe behind the gateway.
 */
export function staffIdOf(header: string | undefined): string {
  const staffId = header?.trim();
  if (!staffId || staffId.length > 120 || !/^[\x21-\x7e]+$/.test(staffId)) {
    throw new AppError("unauthenticated", "agent non identifié (en-tête x-guichet-staff)", [
      { field: "x-guichet-staff", message: "identifiant de l’agent obligatoire" },
    ]);
  }
  return staffId;
}
