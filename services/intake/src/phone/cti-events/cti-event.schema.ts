import { z } from "zod";

/**
 * A call event pushed by the switchboard's CTI connector (docs/channels.md, "Webhook CTI"). The
 * caller is as the switchboard shows it ("0241…", "+33…", "anonymous"); intake normalises it.
 */
export const ctiEventSchema = z
  .object({
    event: z.enum(["call.offered", "call.answered", "call.ended"]),
    callId: z.string().trim().min(1).max(150),
    occurredAt: z.iso.datetime({ offset: true }),
    siteId: z
      .string()
      .regex(/^[a-z0-9][a-z0-9.-]*$/)
      .max(80)
      .nullish(),
    caller: z.string().trim().max(40).nullish(),
    callee: z.string().trim().max(40).nullish(),
    queue: z.string().trim().max(120).nullish(),
    agent: z.string().trim().max(120).nullish(),
    /** On call.ended: why it ended. A caller who hangs up before an answer abandoned the call. */
    cause: z.enum(["normal", "caller-hangup", "no-answer", "busy", "failed"]).nullish(),
  })
  .strict();

export type CtiEvent = z.infer<typeof ctiEventSchema>;
