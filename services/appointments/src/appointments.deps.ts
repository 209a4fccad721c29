import type { BookAppointmentUseCase } from "./booking/book-appointment/book-appointment.usecase.ts";
import type { BookingContext } from "./booking/booking.context.ts";
import type { CancelAppointmentUseCase } from "./booking/cancel-appointment/cancel-appointment.usecase.ts";
import type { RecordAttendanceUseCase } from "./booking/record-attendance/record-attendance.usecase.ts";
import type { RescheduleAppointmentUseCase } from "./booking/reschedule-appointment/reschedule-appointment.usecase.ts";
import type { DecideRoomRequestUseCase } from "./rooms/decide-room-request/decide-room-request.usecase.ts";
import type { RequestRoomUseCase } from "./rooms/request-room/request-room.usecase.ts";
import type { SearchSlotsUseCase } from "./slots/search-slots/search-slots.usecase.ts";

/** Nest injection token of the service's use cases (explicit tokens: no decorator metadata is emitted). */
export const APPOINTMENTS = Symbol.for("guichet.appointments");

export interface AppointmentsDeps {
  context: BookingContext;
  /** Layout and identity for pages (answerPage). */
  page: { town: string; secret: string };
  book: BookAppointmentUseCase;
  reschedule: RescheduleAppointmentUseCase;
  cancel: CancelAppointmentUseCase;
  attendance: RecordAttendanceUseCase;
  searchSlots: SearchSlotsUseCase;
  requestRoom: RequestRoomUseCase;
  decideRoom: DecideRoomRequestUseCase;
}
