import { RpcException } from "@nestjs/microservices";

/*
 * Both errors extend RpcException (itself an Error) only so they cross Nest's event pipeline intact:
 * Nest's exception filter rethrows an RpcException's `getError()` and replaces any other error by a
 * generic "Internal server error" object, which would hide the handler's decision from the edge.
 */

/** The handler cannot process the message now (a dependency is down): retry later. */
export class RetryLater extends RpcException {
  override readonly name = "RetryLater";

  constructor(
    reason: string,
    /** Delay before redelivery; default: the policy's backoff for this delivery count. */
    readonly delayMs?: number,
  ) {
    super(reason);
  }

  override getError(): this {
    return this;
  }
}

/** The message can never be processed (a business rule rejects it): dead-letter it, no retry. */
export class Unprocessable extends RpcException {
  override readonly name = "Unprocessable";

  constructor(reason: string) {
    super(reason);
  }

  override getError(): this {
    return this;
  }
}
