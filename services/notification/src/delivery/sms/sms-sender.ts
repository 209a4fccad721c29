/** One SMS handed to a provider. */
export interface OutgoingSms {
  /** E.164, e.g. +33612345678. */
  to: string;
  text: string;
  /** Our id of the message, echoed back by providers that support it (delivery reports). */
  messageId: string;
}

/** The port behind which every SMS provider sits; failures are thrown as SendFailure. */
export interface SmsSender {
  /** Returns the provider's id of the SMS (kept with the message as proof of hand-over). */
  send(sms: OutgoingSms): Promise<{ providerMessageId: string }>;
}
