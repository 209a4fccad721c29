import type { IncomingMessage as Request, ServerResponse as Response } from "node:http";
import { createEvent, type HandlingSnapshot, type RequestReceivedV1 } from "@guichet/contracts";
import { AppError, INFRASTRUCTURE, type ServiceInfrastructure, validateInput } from "@guichet/runtime";
import { requireServiceAccess } from "@guichet/web";
import { Controller, Get, Inject, Param, Req, Res } from "@nestjs/common";
import { z } from "zod";
import { MessageComposer } from "../acknowledgements/message-composer.ts";
import { NOTIFICATION_STORE, type NotificationStore } from "../notification.store.ts";
import { sendBody } from "./http-response.util.ts";
import { requireAnyStaff, requireFrontOffice } from "./staff-access.ts";

const requestIdParam = z.uuid();

/**
 * What the town told a citizen, for agents: every message of a request with its content and
 * delivery status (the proof CRPA L112-6 makes matter), and the counter's printed receipt.
 */
@Controller("api/requests/:requestId")
export class RequestMessagesController {
  constructor(
    @Inject(NOTIFICATION_STORE) private readonly db: NotificationStore,
    @Inject(MessageComposer) private readonly composer: MessageComposer,
    @Inject(INFRASTRUCTURE) private readonly infrastructure: ServiceInfrastructure,
  ) {}

  @Get("messages")
  async messages(@Param("requestId") requestId: string, @Req() request: Request) {
    const staff = requireAnyStaff(request, this.infrastructure);
    const id = validateInput(requestIdParam, requestId, "request id");
    const recipient = await this.db.recipient.findUnique({ where: { requestId: id } });
    if (!recipient) throw new AppError("not-found", "Demande inconnue du service de notification.");
    const handling = recipient.handling as HandlingSnapshot | null;
    if (handling) requireServiceAccess(staff, handling.service.id);
    // The messages quote the citizen's contact and texts: the view is audited (through the outbox,
    // committed before the data is returned), without the data itself.
    const audit = createEvent("auditRecorded", {
      staffId: staff.id,
      action: "view",
      resource: "request",
      requestId: id,
      reference: recipient.reference,
      detail: "viewed the messages sent to the citizen (content and delivery status)",
      service: "notification",
      at: new Date().toISOString(),
    });
    await this.db.$transaction(async (tx) => {
      await this.infrastructure.outbox.enqueue(tx, audit);
    });
    const messages = await this.db.message.findMany({
      where: { requestId: id },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      include: { letter: { select: { queuedAt: true, printedAt: true, batchId: true, pages: true } } },
    });
    return {
      requestId: id,
      reference: recipient.reference,
      messages: messages.map((m) => ({
        id: m.id,
        kind: m.kind,
        channel: m.channel,
        status: m.status,
        recipientAddress: m.recipientAddress,
        subject: m.subject,
        text: m.textBody,
        html: m.htmlBody,
        messageId: m.messageId,
        attempts: m.attempts,
        lastError: m.lastError,
        createdAt: m.createdAt.toISOString(),
        sentAt: m.sentAt?.toISOString() ?? null,
        bounceStatus: m.bounceStatus,
        bouncedAt: m.bouncedAt?.toISOString() ?? null,
        fallbackOf: m.fallbackOf,
        providerMessageId: m.providerMessageId,
        letter: m.letter
          ? {
              queuedAt: m.letter.queuedAt.toISOString(),
              printedAt: m.letter.printedAt?.toISOString() ?? null,
              batchId: m.letter.batchId,
              pages: m.letter.pages,
            }
          : null,
      })),
    };
  }

  /** The registration receipt printed at the counter and handed to the citizen (intake links here). */
  @Get("receipt.pdf")
  async receipt(@Param("requestId") requestId: string, @Req() request: Request, @Res() response: Response) {
    requireFrontOffice(request, this.infrastructure);
    const id = validateInput(requestIdParam, requestId, "request id");
    const recipient = await this.db.recipient.findUnique({ where: { requestId: id } });
    if (!recipient) throw new AppError("not-found", "Demande inconnue du service de notification.");
    const pdf = await this.composer.counterReceiptPdf(recipient.request as unknown as RequestReceivedV1);
    sendBody(response, 200, "application/pdf", pdf, {
      "content-disposition": `inline; filename="recepisse-${recipient.reference}.pdf"`,
    });
  }
}
