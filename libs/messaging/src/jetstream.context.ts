import { BaseRpcContext } from "@nestjs/microservices";
import type { DeliveryContext } from "./event.consumer.ts";

/** The `@Ctx()` of a JetStream event handler: the delivery facts, as in the plain handler API. */
export class JetStreamContext extends BaseRpcContext<[DeliveryContext]> implements DeliveryContext {
  get subject(): string {
    return this.args[0].subject;
  }

  get deliveryCount(): number {
    return this.args[0].deliveryCount;
  }

  get streamSeq(): number {
    return this.args[0].streamSeq;
  }
}
