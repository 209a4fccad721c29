import { type DeskStatus, deskStatusSchema } from "@guichet/contracts";
import { AppError, validateInput } from "@guichet/runtime";
import {
  answerPage,
  type PageRequest,
  type PageResponse,
  type PageResult,
  requireStaff,
  type StaffIdentity,
  verifyCsrf,
} from "@guichet/web";
import { Controller, Get, Inject, Param, Post, Req, Res } from "@nestjs/common";
import type { z } from "zod";
import { CatalogVersions } from "../catalog-store/catalog-versions.ts";
import { DESK_SETTINGS, type DeskSettings } from "./desk.tokens.ts";
import { canRead, queueScope } from "./desk-access.ts";
import {
  assignSchema,
  noteSchema,
  replySchema,
  requestIdSchema,
  statusSchema,
  transferSchema,
} from "./desk-input.schema.ts";
import { DeskQueries } from "./desk-queries.ts";
import { detailsMain, type Problem, queueMain } from "./desk-views.ts";
import { deskPageOptions, formOf, typedValues } from "./page-edge.ts";
import { AddNoteUseCase } from "./work-case/add-note.usecase.ts";
import { AssignCaseUseCase } from "./work-case/assign-case.usecase.ts";
import { ChangeStatusUseCase } from "./work-case/change-status.usecase.ts";
import { ReplyToCitizenUseCase } from "./work-case/reply-to-citizen.usecase.ts";
import { TransferCaseUseCase } from "./work-case/transfer-case.usecase.ts";

const ANY_STAFF = ["agent", "reception", "manager", "admin"] as const;

/** Each form of the details page: its path segment, prefix of its field ids, and what it does. */
interface FormAction {
  prefix: string;
  firstField: string;
  done: string;
  run(staff: StaffIdentity, requestId: string, form: Record<string, unknown>): Promise<void>;
}

const NOTICES: Record<string, string> = {
  attribuer: "L’attribution est enregistrée.",
  repondre: "La réponse est enregistrée et sera envoyée à l’usager.",
  statut: "Le statut est changé.",
  notes: "La note interne est ajoutée.",
};

/** The service desk pages: server-rendered, POST forms then redirect, usable without JavaScript. */
@Controller("bureau")
export class DeskPagesController {
  private readonly actions: Record<string, FormAction>;

  constructor(
    @Inject(DESK_SETTINGS) private readonly settings: DeskSettings,
    @Inject(CatalogVersions) private readonly catalogs: CatalogVersions,
    @Inject(DeskQueries) private readonly queries: DeskQueries,
    @Inject(AssignCaseUseCase) assign: AssignCaseUseCase,
    @Inject(AddNoteUseCase) addNote: AddNoteUseCase,
    @Inject(ReplyToCitizenUseCase) reply: ReplyToCitizenUseCase,
    @Inject(ChangeStatusUseCase) changeStatus: ChangeStatusUseCase,
    @Inject(TransferCaseUseCase) transfer: TransferCaseUseCase,
  ) {
    const parse = <S extends z.ZodType>(schema: S, form: Record<string, unknown>): z.infer<S> =>
      validateInput(schema, form, "formulaire");
    this.actions = {
      attribuer: {
        prefix: "attribution",
        firstField: "assigneeId",
        done: "attribuer",
        run: async (staff, requestId, form) => {
          const input = parse(assignSchema, form);
          const assignee =
            input.assigneeId === null
              ? null
              : { id: input.assigneeId, name: input.assigneeId === staff.id ? staff.name : input.assigneeId };
          await assign.execute({ staff, requestId, assignee });
        },
      },
      repondre: {
        prefix: "reponse",
        firstField: "body",
        done: "repondre",
        run: async (staff, requestId, form) => {
          const input = parse(replySchema, form);
          await reply.execute({ staff, requestId, body: input.body, replyId: input.replyId });
        },
      },
      statut: {
        prefix: "statut",
        firstField: "status",
        done: "statut",
        run: async (staff, requestId, form) => {
          const input = parse(statusSchema, form);
          await changeStatus.execute({ staff, requestId, to: input.status, note: input.note, outcome: input.outcome });
        },
      },
      notes: {
        prefix: "note",
        firstField: "body",
        done: "notes",
        run: async (staff, requestId, form) => {
          await addNote.execute({ staff, requestId, body: parse(noteSchema, form).body });
        },
      },
      transferer: {
        prefix: "transfert",
        firstField: "toServiceId",
        done: "transferer",
        run: async (staff, requestId, form) => {
          await transfer.execute({ staff, requestId, ...parse(transferSchema, form) });
        },
      },
    };
  }

  private get context() {
    return deskPageOptions(this.catalogs.current().catalog.commune.name, this.settings.identitySecret);
  }

  @Get()
  async queue(@Req() request: PageRequest, @Res() response: PageResponse): Promise<void> {
    await answerPage(request, response, this.context, async () => {
      const staff = requireStaff(request, this.settings.identitySecret, ANY_STAFF);
      const { catalog } = this.catalogs.current();
      const serviceId =
        typeof request.query.serviceId === "string" && request.query.serviceId ? request.query.serviceId : null;
      const statusParam = deskStatusSchema.safeParse(request.query.status);
      const status: DeskStatus | null = statusParam.success ? statusParam.data : null;
      const scope = queueScope(staff, serviceId);
      const { cases, counts } = await this.queries.serviceQueue(scope, status);
      const readable = catalog.services.filter((s) => s.role !== "triage" && canRead(staff, s.id));
      const mine = scope === "all" ? readable.map((s) => s.id) : staff.serviceIds.filter((id) => canRead(staff, id));
      return {
        title: "Demandes de mes services",
        currentPath: "/bureau",
        notice: request.query.fait === "transferer" ? "La demande est transférée." : undefined,
        main: queueMain({
          catalog,
          services: mine.map((id) => ({ id, selected: id === serviceId })),
          serviceId,
          status,
          counts,
          cases,
          now: new Date(),
        }),
      };
    });
  }

  @Get("demandes/:requestId")
  async details(
    @Req() request: PageRequest,
    @Res() response: PageResponse,
    @Param("requestId") requestId: string,
  ): Promise<void> {
    await answerPage(request, response, this.context, async () => {
      const staff = requireStaff(request, this.settings.identitySecret, ANY_STAFF);
      const done = typeof request.query.fait === "string" ? request.query.fait : "";
      const notice = done === "transferer" ? "La demande est transférée." : (NOTICES[done] ?? undefined);
      return this.detailsPage(staff, request, validateInput(requestIdSchema, requestId), [], {}, notice);
    });
  }

  @Post("demandes/:requestId/:action")
  async act(
    @Req() request: PageRequest,
    @Res() response: PageResponse,
    @Param("requestId") requestId: string,
    @Param("action") actionName: string,
  ): Promise<void> {
    await answerPage(request, response, this.context, async () => {
      const staff = requireStaff(request, this.settings.identitySecret, ANY_STAFF);
      const form = formOf(request);
      verifyCsrf(request, form);
      const id = validateInput(requestIdSchema, requestId);
      const action = this.actions[actionName];
      if (!action) throw new AppError("not-found", "Action inconnue.");
      try {
        await action.run(staff, id, form);
      } catch (error) {
        if (!(error instanceof AppError) || (error.code !== "validation" && error.code !== "conflict")) throw error;
        const problems: Problem[] = (
          error.problems.length ? error.problems : [{ field: action.firstField, message: error.message }]
        ).map((p) => ({ field: `${action.prefix}.${p.field}`, message: p.message }));
        return this.detailsPage(staff, request, id, problems, typedValues(form, action.prefix));
      }
      // After a transfer the agent may no longer see the case: back to their queue.
      if (actionName === "transferer") {
        const { deskCase } = await this.queries.peek(id);
        if (!deskCase || !canRead(staff, deskCase.queue === "service" ? deskCase.serviceId : null))
          return { redirect: "/bureau?fait=transferer" };
      }
      return { redirect: `/bureau/demandes/${id}?fait=${action.done}` };
    });
  }

  private async detailsPage(
    staff: StaffIdentity,
    request: PageRequest,
    requestId: string,
    problems: Problem[],
    values: Record<string, string>,
    notice?: string,
  ): Promise<PageResult> {
    const { catalog } = this.catalogs.current();
    const details = await this.queries.details(staff, requestId);
    return {
      status: problems.length ? 400 : 200,
      title: `${problems.length ? "Erreur : " : ""}Demande ${details.deskCase.reference}`,
      currentPath: "/bureau",
      notice,
      main: detailsMain({ catalog, details, staff, request, problems, values, now: new Date() }),
    };
  }
}
