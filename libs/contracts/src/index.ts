export * from "./appointments.events.ts";
export {
  ContractError,
  createEvent,
  type DeliveryPolicy,
  type EventData,
  type EventDefinition,
  type EventInput,
  type EventName,
  events,
  findDefinition,
  isEvent,
  parseEvent,
  subjectOf,
} from "./catalogue.ts";
export { type Envelope, type EnvelopeOrigin, envelopeSchema, makeEnvelope, newEventId } from "./envelope.ts";
export * from "./events.ts";
export * from "./satisfaction.events.ts";
