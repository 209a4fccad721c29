import type { RequestReceivedV1, RequestRoutedV1 } from "@guichet/contracts";

export interface ComposedMessage {
  subject: string;
  text: string;
  html: string | null;
}

/** Renders what the citizen receives; the legal content lives behind this port. */
export interface MessageComposer {
  registration(received: RequestReceivedV1): ComposedMessage;
  acknowledgement(received: RequestReceivedV1, routed: RequestRoutedV1): ComposedMessage;
}
