import { AppError } from "@guichet/runtime";
import { instantsOfWallTime, localDateOf } from "../phone/local-time.ts";
import { OLD_STAMP_DAYS } from "./postal-letter.schema.ts";

const ZONE = "Europe/Paris";

/**
 * The legal date of receipt of a letter: the arrival stamp date at the given time, or at 00:00
 * (Europe/Paris) when the stamp has no time. Never in the future; older than OLD_STAMP_DAYS only
 * when the agent confirms it (a letter found in a drawer keeps its real date, on purpose).
 */
export function receiptDateOf(
  stamp: { date: string; time?: string | null | undefined; confirmOld: boolean },
  now: Date,
): Date {
  const [year, month, day] = stamp.date.split("-").map(Number) as [number, number, number];
  const [hour = 0, minute = 0] = (stamp.time ?? "00:00").split(":").map(Number);
  // In the spring gap there is no such wall time: take the first instant after it.
  const instants = instantsOfWallTime(ZONE, { year, month, day, hour, minute, second: 0 });
  const at = new Date(
    instants[0] ??
      instantsOfWallTime(ZONE, { year, month, day, hour: hour + 1, minute: 0, second: 0 })[0] ??
      Number.NaN,
  );
  if (stamp.date > localDateOf(ZONE, now.getTime()) || at.getTime() > now.getTime())
    throw new AppError("validation", "date du cachet dans le futur", [
      { field: "stampDate", message: "la date du cachet d’arrivée ne peut pas être dans le futur" },
    ]);
  const ageDays = (now.getTime() - at.getTime()) / 86_400_000;
  if (ageDays > OLD_STAMP_DAYS && !stamp.confirmOld)
    throw new AppError("validation", "date du cachet ancienne", [
      {
        field: "stampDate",
        message: `la date du cachet a plus de ${OLD_STAMP_DAYS} jours : vérifiez-la puis cochez la case de confirmation`,
      },
    ]);
  return at;
}
