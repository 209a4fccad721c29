// The service as a library: the operator CLI and end-to-end tests boot it the way main.ts does.
export { type IntakeConfig, loadIntakeConfig } from "./config.ts";
export { startIntake } from "./intake.app.ts";
export { openEmailChannel, type StandaloneEmailChannel } from "./mailbox/email-sources.ts";
export { callMappingSchema } from "./phone/call-mapping.schema.ts";
export { openPhoneChannel, type StandalonePhoneChannel } from "./phone/phone-channel.ts";
