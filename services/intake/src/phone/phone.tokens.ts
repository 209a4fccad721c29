/** Explicit injection tokens of the phone channel (no decorator metadata in our runners). */
export const PHONE_CHANNEL = Symbol("PhoneChannel");
export const PHONE_CONFIG = Symbol("PhoneConfig");
