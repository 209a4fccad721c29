import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { type RunningService, startService } from "@guichet/runtime";
import { type DynamicModule, Module } from "@nestjs/common";
import { APPOINTMENTS, type AppointmentsDeps } from "./appointments.deps.ts";
import { BookAppointmentUseCase } from "./booking/book-appointment/book-appointment.usecase.ts";
import type { BookingContext } from "./booking/booking.context.ts";
import { CancelAppointmentUseCase } from "./booking/cancel-appointment/cancel-appointment.usecase.ts";
import { PrivateLinks } from "./booking/private-link.ts";
import { RecordAttendanceUseCase } from "./booking/record-attendance/record-attendance.usecase.ts";
import { RescheduleAppointmentUseCase } from "./booking/reschedule-appointment/reschedule-appointment.usecase.ts";
import type { AppointmentsConfig } from "./config.ts";
import { loadOfferDirectory, type OfferDirectory } from "./directory/offer-directory.ts";
import { AppointmentsApiController } from "./http/appointments-api.controller.ts";
import { AgentBookingController } from "./pages/agent-booking.controller.ts";
import { CitizenBookingController } from "./pages/citizen-booking.controller.ts";
import { OfficeHoursController } from "./pages/office-hours.controller.ts";
import { RoomsController } from "./pages/rooms.controller.ts";
import { PublishRemindersUseCase } from "./reminders/publish-reminders.usecase.ts";
import { ReminderScheduler } from "./reminders/reminder-scheduler.ts";
import { DecideRoomRequestUseCase } from "./rooms/decide-room-request/decide-room-request.usecase.ts";
import { RequestRoomUseCase } from "./rooms/request-room/request-room.usecase.ts";
import { SearchSlotsUseCase } from "./slots/search-slots/search-slots.usecase.ts";

export const APPOINTMENTS_SCHEMA = "appointments";

@Module({})
class AppointmentsModule {}

/** Reads the catalogue and the appointments file: a wrong file stops the boot with the faulty field. */
export async function loadDirectoryFiles(config: Pick<AppointmentsConfig, "catalogFile" | "appointmentsFile">) {
  return loadOfferDirectory(
    await readFile(config.catalogFile, "utf8"),
    await readFile(config.appointmentsFile, "utf8"),
  );
}

/** Boots the appointments service: used by main.ts and by tests. `now` is for tests only. */
export async function startAppointments(
  config: AppointmentsConfig,
  options: { now?: () => Date } = {},
): Promise<RunningService & { deps: AppointmentsDeps; reminders: PublishRemindersUseCase }> {
  const directory: OfferDirectory = await loadDirectoryFiles(config);
  let deps: AppointmentsDeps | undefined;
  let scheduler: ReminderScheduler | undefined;
  let reminders: PublishRemindersUseCase | undefined;
  const service = await startService({
    name: "appointments",
    schema: APPOINTMENTS_SCHEMA,
    migrationsDir: fileURLToPath(new URL("../migrations", import.meta.url)),
    infrastructure: config.infrastructure,
    port: config.port,
    module: (infrastructure): DynamicModule => {
      const context: BookingContext = {
        pool: infrastructure.pool,
        outbox: infrastructure.outbox,
        directory: () => directory,
        links: new PrivateLinks(config.infrastructure.identitySecret, config.publicUrl),
        rules: config.booking,
        now: options.now ?? (() => new Date()),
      };
      deps = {
        context,
        page: { town: config.townName, secret: config.infrastructure.identitySecret },
        book: new BookAppointmentUseCase(context),
        reschedule: new RescheduleAppointmentUseCase(context),
        cancel: new CancelAppointmentUseCase(context),
        attendance: new RecordAttendanceUseCase(context),
        searchSlots: new SearchSlotsUseCase(context),
        requestRoom: new RequestRoomUseCase(context),
        decideRoom: new DecideRoomRequestUseCase(context),
      };
      reminders = new PublishRemindersUseCase(context, config.reminders.hoursBefore);
      scheduler = new ReminderScheduler(reminders, config.reminders.intervalSeconds, infrastructure.logger);
      return {
        module: AppointmentsModule,
        controllers: [
          AppointmentsApiController,
          CitizenBookingController,
          AgentBookingController,
          OfficeHoursController,
          RoomsController,
        ],
        providers: [{ provide: APPOINTMENTS, useValue: deps }],
      };
    },
    beforeClose: async () => {
      await scheduler?.stop();
    },
  });
  scheduler?.start();
  if (!deps || !reminders) throw new Error("appointments module was not built");
  return { ...service, deps, reminders };
}
