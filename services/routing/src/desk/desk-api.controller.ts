import { validateInput } from "@guichet/runtime";
import { type RequestLike, requireStaff } from "@guichet/web";
import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query, Req } from "@nestjs/common";
import { DESK_SETTINGS, type DeskSettings } from "./desk.tokens.ts";
import { queueScope } from "./desk-access.ts";
import {
  assignSchema,
  deskListQuerySchema,
  noteSchema,
  replySchema,
  requestIdSchema,
  statusSchema,
  transferSchema,
} from "./desk-input.schema.ts";
import { type CaseSummary, DeskQueries } from "./desk-queries.ts";
import { AddNoteUseCase } from "./work-case/add-note.usecase.ts";
import { AssignCaseUseCase } from "./work-case/assign-case.usecase.ts";
import { ChangeStatusUseCase } from "./work-case/change-status.usecase.ts";
import { ReplyToCitizenUseCase } from "./work-case/reply-to-citizen.usecase.ts";
import { TransferCaseUseCase } from "./work-case/transfer-case.usecase.ts";

const ANY_STAFF = ["agent", "reception", "manager", "admin"] as const;

/** The desk's JSON API: the HTTP edge only translates into the use cases (roles are checked there too). */
@Controller("api/desk")
export class DeskApiController {
  constructor(
    @Inject(DESK_SETTINGS) private readonly settings: DeskSettings,
    @Inject(DeskQueries) private readonly queries: DeskQueries,
    @Inject(AssignCaseUseCase) private readonly assign: AssignCaseUseCase,
    @Inject(AddNoteUseCase) private readonly addNote: AddNoteUseCase,
    @Inject(ReplyToCitizenUseCase) private readonly reply: ReplyToCitizenUseCase,
    @Inject(ChangeStatusUseCase) private readonly changeStatus: ChangeStatusUseCase,
    @Inject(TransferCaseUseCase) private readonly transfer: TransferCaseUseCase,
  ) {}

  @Get()
  async list(@Req() request: RequestLike, @Query() query: unknown) {
    const staff = requireStaff(request, this.settings.identitySecret, ANY_STAFF);
    const filter = validateInput(deskListQuerySchema, query, "filtre");
    const scope = queueScope(staff, filter.serviceId);
    const { cases, counts } = await this.queries.serviceQueue(scope, filter.status);
    return { serviceId: filter.serviceId, status: filter.status, counts, cases: cases.map(summaryJson) };
  }

  @Get(":requestId")
  async details(@Req() request: RequestLike, @Param("requestId") requestId: string) {
    const staff = requireStaff(request, this.settings.identitySecret, ANY_STAFF);
    const { deskCase, entries } = await this.queries.details(staff, validateInput(requestIdSchema, requestId));
    return {
      ...summaryJson(deskCase),
      queue: deskCase.queue,
      siteId: deskCase.siteId,
      body: deskCase.body,
      citizen: deskCase.citizen,
      outcome: deskCase.outcome,
      firstRepliedAt: deskCase.firstRepliedAt?.toISOString() ?? null,
      closedAt: deskCase.closedAt?.toISOString() ?? null,
      timeline: entries.map((e) => ({
        id: e.id,
        kind: e.kind,
        at: e.at.toISOString(),
        staffId: e.staffId,
        staffName: e.staffName,
        body: e.body,
        data: e.data,
      })),
    };
  }

  @Post(":requestId/assign")
  @HttpCode(200)
  async assignCase(@Req() request: RequestLike, @Param("requestId") requestId: string, @Body() body: unknown) {
    const staff = requireStaff(request, this.settings.identitySecret, ANY_STAFF);
    const input = validateInput(assignSchema, body, "attribution");
    const assignee =
      input.assigneeId === null
        ? null
        : {
            id: input.assigneeId,
            name: input.assigneeId === staff.id ? staff.name : (input.assigneeName ?? input.assigneeId),
          };
    await this.assign.execute({ staff, requestId: validateInput(requestIdSchema, requestId), assignee });
    return { requestId, assigneeId: assignee?.id ?? null };
  }

  @Post(":requestId/notes")
  @HttpCode(201)
  async note(@Req() request: RequestLike, @Param("requestId") requestId: string, @Body() body: unknown) {
    const staff = requireStaff(request, this.settings.identitySecret, ANY_STAFF);
    const input = validateInput(noteSchema, body, "note");
    await this.addNote.execute({ staff, requestId: validateInput(requestIdSchema, requestId), body: input.body });
    return { requestId };
  }

  @Post(":requestId/reply")
  @HttpCode(201)
  async replyToCitizen(@Req() request: RequestLike, @Param("requestId") requestId: string, @Body() body: unknown) {
    const staff = requireStaff(request, this.settings.identitySecret, ANY_STAFF);
    const input = validateInput(replySchema, body, "réponse");
    const id = validateInput(requestIdSchema, requestId);
    const { replyId } = await this.reply.execute({ staff, requestId: id, body: input.body, replyId: input.replyId });
    return { requestId: id, replyId, status: "answered" };
  }

  @Post(":requestId/status")
  @HttpCode(200)
  async status(@Req() request: RequestLike, @Param("requestId") requestId: string, @Body() body: unknown) {
    const staff = requireStaff(request, this.settings.identitySecret, ANY_STAFF);
    const input = validateInput(statusSchema, body, "statut");
    const id = validateInput(requestIdSchema, requestId);
    await this.changeStatus.execute({
      staff,
      requestId: id,
      to: input.status,
      note: input.note,
      outcome: input.outcome,
    });
    return { requestId: id, status: input.status };
  }

  @Post(":requestId/transfer")
  @HttpCode(200)
  async transferCase(@Req() request: RequestLike, @Param("requestId") requestId: string, @Body() body: unknown) {
    const staff = requireStaff(request, this.settings.identitySecret, ANY_STAFF);
    const input = validateInput(transferSchema, body, "transfert");
    const id = validateInput(requestIdSchema, requestId);
    const { transferCount } = await this.transfer.execute({ staff, requestId: id, ...input });
    return { requestId: id, transferCount };
  }
}

export function summaryJson(c: CaseSummary) {
  return {
    requestId: c.requestId,
    reference: c.reference,
    channel: c.channel,
    title: c.title,
    serviceId: c.serviceId,
    subjectId: c.subjectId,
    status: c.status,
    assigneeId: c.assigneeId,
    assigneeName: c.assigneeName,
    transferCount: c.transferCount,
    unreadFollowUps: c.unreadFollowUps,
    receivedAt: c.receivedAt?.toISOString() ?? null,
    placedAt: c.placedAt?.toISOString() ?? null,
    statusChangedAt: c.statusChangedAt?.toISOString() ?? null,
  };
}
