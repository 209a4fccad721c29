import { jetstream, jetstreamManager } from "@nats-io/jetstream";
import { connect } from "@nats-io/transport-node";
import { afterAll, describe, expect, it } from "vitest";
import { type NatsServerProcess, startNatsServer, uniqueNamespace } from "../src/index.ts";

describe("startNatsServer", () => {
  let server: NatsServerProcess | undefined;
  afterAll(async () => {
    await server?.stop();
  });

  it("keeps JetStream data across stop and start on the same port", async () => {
    server = await startNatsServer();
    const stream = uniqueNamespace();
    let nc = await connect({ servers: server.url });
    const jsm = await jetstreamManager(nc);
    await jsm.streams.add({ name: stream, subjects: [`${stream}.>`] });
    await jetstream(nc).publish(`${stream}.hello`, "kept");
    await nc.close();

    await server.stop();
    await expect(connect({ servers: server.url, reconnect: false, timeout: 500 })).rejects.toThrow();
    await server.start();

    nc = await connect({ servers: server.url });
    const info = await (await jetstreamManager(nc)).streams.info(stream);
    expect(info.state.messages).toBe(1);
    await nc.close();
  });
});
