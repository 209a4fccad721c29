/** Explicit injection tokens of the phone channel (no decorator metadata in our runners). */
export const PHONE_CHANNEL = Symbol("PhoneChannel");
export const PHONE_CONFIG = Symbol("PhoneConfig");

/** HMAC key of the staff identity the gateway signs (config.infrastructure.identitySecret). */
export const PHONE_IDENTITY_SECRET = Symbol("PhoneIdentitySecret");
