import type { JetStreamManager } from "@nats-io/jetstream";

export interface MessagingStatus {
  stream: { name: string; messages: number; bytes: number; lastSeq: number };
  consumers: { name: string; pending: number; ackPending: number; redelivered: number }[];
}

/** Figures for `guichet status`: backlog per consumer is what an operator looks at first. */
export async function readStatus(jsm: JetStreamManager, stream: string): Promise<MessagingStatus> {
  const info = await jsm.streams.info(stream);
  const consumers: MessagingStatus["consumers"] = [];
  for await (const consumer of jsm.consumers.list(stream)) {
    consumers.push({
      name: consumer.name,
      pending: consumer.num_pending,
      ackPending: consumer.num_ack_pending,
      redelivered: consumer.num_redelivered,
    });
  }
  consumers.sort((a, b) => a.name.localeCompare(b.name));
  return {
    stream: {
      name: info.config.name,
      messages: info.state.messages,
      bytes: info.state.bytes,
      lastSeq: info.state.last_seq,
    },
    consumers,
  };
}
