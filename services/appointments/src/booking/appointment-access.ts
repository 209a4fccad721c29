import type { SqlExecutor } from "@guichet/db";
import { AppError } from "@guichet/runtime";
import { type AppointmentRow, appointmentRepository } from "./appointment.repository.ts";
import { isWellFormedToken, tokenHash } from "./private-link.ts";

/** Who acts on an appointment: the citizen with the private link, or a signed-in agent by id. */
export type AppointmentHandle = { token: string } | { id: string; staffId: string };

const NOT_FOUND = "Ce rendez-vous est introuvable. Vérifiez le lien reçu ou appelez la mairie.";

/** The appointment behind a handle, locked for the rest of the transaction. */
export async function lockAppointment(tx: SqlExecutor, handle: AppointmentHandle): Promise<AppointmentRow> {
  const row =
    "token" in handle
      ? isWellFormedToken(handle.token)
        ? await appointmentRepository.byTokenHash(tx, tokenHash(handle.token), true)
        : null
      : /^[0-9a-f-]{36}$/.test(handle.id)
        ? await appointmentRepository.byId(tx, handle.id, true)
        : null;
  if (!row) throw new AppError("not-found", NOT_FOUND);
  return row;
}

export function actorOf(handle: AppointmentHandle): "citizen" | "agent" {
  return "token" in handle ? "citizen" : "agent";
}

/** Only a booked appointment still to come can be moved or cancelled. */
export function requireUpcoming(row: AppointmentRow, now: Date): void {
  if (row.status === "cancelled") throw new AppError("conflict", "Ce rendez-vous a déjà été annulé.");
  if (row.status !== "booked" || row.startsAt <= now)
    throw new AppError("conflict", "Ce rendez-vous est passé : il ne peut plus être déplacé ni annulé.");
}
