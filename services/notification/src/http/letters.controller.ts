import type { IncomingMessage as Request, ServerResponse as Response } from "node:http";
import { AppError, INFRASTRUCTURE, type ServiceInfrastructure, validateInput } from "@guichet/runtime";
import { Controller, Get, Inject, Param, Post, Query, Req, Res } from "@nestjs/common";
import { z } from "zod";
import { LetterBatchService, type PrintBatch } from "../letters/letter-batch.service.ts";
import { sendBody } from "./http-response.util.ts";
import { requireMailRoom } from "./staff-access.ts";

const batchQuery = z.object({ limit: z.coerce.number().int().min(1).max(1000).default(200) });

/** The mail room's print queue: take the next batch as one PDF, or print a batch again. */
@Controller("api/letters")
export class LettersController {
  constructor(
    @Inject(LetterBatchService) private readonly letters: LetterBatchService,
    @Inject(INFRASTRUCTURE) private readonly infrastructure: ServiceInfrastructure,
  ) {}

  @Get("pending")
  pending(@Req() request: Request) {
    requireMailRoom(request, this.infrastructure);
    return this.letters.pendingCount();
  }

  /** Takes the next batch: its letters are marked printed (and their messages sent). 204 when empty. */
  @Post("batches")
  async next(@Query() query: unknown, @Req() request: Request, @Res() response: Response) {
    const staff = requireMailRoom(request, this.infrastructure);
    const { limit } = validateInput(batchQuery, query, "query");
    const batch = await this.letters.takeNextBatch({ limit, takenBy: staff.id });
    if (!batch) {
      response.writeHead(204).end();
      return;
    }
    send(response, 201, batch);
  }

  @Get("batches/:batchId.pdf")
  async again(@Param("batchId") batchId: string, @Req() request: Request, @Res() response: Response) {
    requireMailRoom(request, this.infrastructure);
    const id = validateInput(z.uuid(), batchId, "batch id");
    const batch = await this.letters.batch(id);
    if (!batch) throw new AppError("not-found", "Lot d'impression inconnu.");
    send(response, 200, batch);
  }
}

function send(response: Response, status: number, batch: PrintBatch): void {
  sendBody(response, status, "application/pdf", batch.pdf, {
    "content-disposition": `attachment; filename="courriers-${batch.batchId}.pdf"`,
    "x-guichet-batch-id": batch.batchId,
    "x-guichet-letters": String(batch.letters),
    "x-guichet-pages": String(batch.pages),
  });
}
