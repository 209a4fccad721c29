import type {
  AppointmentBookedV1,
  AppointmentCancelledV1,
  AppointmentReminderDueV1,
  AppointmentRescheduledV1,
  Envelope,
} from "@guichet/contracts";
import { Controller, Inject } from "@nestjs/common";
import { EventPattern, Payload } from "@nestjs/microservices";
import { MessageDispatcher } from "../delivery/message-dispatcher.ts";
import { HandleAppointmentEventUseCase } from "./handle-appointment-event.usecase.ts";

/** Confirmations and reminders of appointments (services/appointments). */
@Controller()
export class AppointmentEventsController {
  constructor(
    @Inject(HandleAppointmentEventUseCase) private readonly handle: HandleAppointmentEventUseCase,
    @Inject(MessageDispatcher) private readonly dispatcher: MessageDispatcher,
  ) {}

  @EventPattern("appointment.booked.v1")
  async booked(@Payload() event: Envelope<AppointmentBookedV1>) {
    this.wakeIf(await this.handle.execute({ kind: "booked", event }));
  }

  @EventPattern("appointment.rescheduled.v1")
  async rescheduled(@Payload() event: Envelope<AppointmentRescheduledV1>) {
    this.wakeIf(await this.handle.execute({ kind: "rescheduled", event }));
  }

  @EventPattern("appointment.cancelled.v1")
  async cancelled(@Payload() event: Envelope<AppointmentCancelledV1>) {
    this.wakeIf(await this.handle.execute({ kind: "cancelled", event }));
  }

  @EventPattern("appointment.reminder-due.v1")
  async reminderDue(@Payload() event: Envelope<AppointmentReminderDueV1>) {
    this.wakeIf(await this.handle.execute({ kind: "reminder", event }));
  }

  private wakeIf(result: { queued: boolean }) {
    if (result.queued) this.dispatcher.wake();
  }
}
