import {
  AckPolicy,
  type ConsumerConfig,
  DeliverPolicy,
  DiscardPolicy,
  JetStreamApiCodes,
  JetStreamApiError,
  type JetStreamManager,
  RetentionPolicy,
  StorageType,
  type StreamConfig,
} from "@nats-io/jetstream";
import { nanos } from "@nats-io/nats-core";
import { allSubjectsOf } from "./subject.naming.ts";

/** Long enough to cover an outbox relay's retries after a lost ack, short enough to stay cheap. */
const duplicateWindowMs = 2 * 60_000;

export interface StreamSpec {
  name: string;
  namespace: string;
  replicas: number;
}

/**
 * Creates the stream or brings its configuration up to date. Limits retention with no age limit:
 * reporting rebuilds its projections by replaying the whole stream.
 */
export async function provisionStream(jsm: JetStreamManager, spec: StreamSpec): Promise<void> {
  const config = {
    subjects: [allSubjectsOf(spec.namespace)],
    storage: StorageType.File,
    retention: RetentionPolicy.Limits,
    discard: DiscardPolicy.Old,
    duplicate_window: nanos(duplicateWindowMs),
    num_replicas: spec.replicas,
  } satisfies Partial<StreamConfig>;
  if (await exists(() => jsm.streams.info(spec.name), JetStreamApiCodes.StreamNotFound)) {
    await jsm.streams.update(spec.name, config);
    return;
  }
  await jsm.streams.add({ name: spec.name, ...config });
}

export interface ConsumerSpec {
  stream: string;
  durable: string;
  filterSubject: string;
  ackWaitMs: number;
  maxDeliver: number;
}

/**
 * Creates the durable pull consumer or updates it. Several instances of a service share it, so
 * creation must be idempotent: identical configurations are accepted by the server on re-create.
 */
export async function provisionConsumer(jsm: JetStreamManager, spec: ConsumerSpec): Promise<void> {
  const mutable = {
    ack_wait: nanos(spec.ackWaitMs),
    max_deliver: spec.maxDeliver,
    filter_subject: spec.filterSubject,
  } satisfies Partial<ConsumerConfig>;
  if (await exists(() => jsm.consumers.info(spec.stream, spec.durable), JetStreamApiCodes.ConsumerNotFound)) {
    await jsm.consumers.update(spec.stream, spec.durable, mutable);
    return;
  }
  await jsm.consumers.add(spec.stream, {
    durable_name: spec.durable,
    ack_policy: AckPolicy.Explicit,
    deliver_policy: DeliverPolicy.All,
    ...mutable,
  });
}

async function exists(info: () => Promise<unknown>, notFoundCode: number): Promise<boolean> {
  try {
    await info();
    return true;
  } catch (error) {
    if (error instanceof JetStreamApiError && error.code === notFoundCode) return false;
    throw error;
  }
}
