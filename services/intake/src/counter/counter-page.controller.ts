import { AppError, validateInput } from "@guichet/runtime";
import { answerPage, csrfField, type PageResponse, requireStaff, verifyCsrf } from "@guichet/web";
import { Controller, Get, Inject, Param, Post, Req, Res } from "@nestjs/common";
import { z } from "zod";
import { contactOf } from "../staff-pages/staff-contact.schema.ts";
import { ENTRY_ROLES } from "../staff-pages/staff-page.ts";
import type { FormState } from "../web/form-fields.ts";
import { newFormKey, validFormKey } from "../web/form-key.ts";
import { formOf, optional, type PageRequest, problemsOf } from "../web/page-edge.ts";
import { WEB_CHANNEL, type WebChannel } from "../web/web-channel.ts";
import { counterDoneMain, counterFormMain } from "./counter.view.ts";
import { counterReceiptPdf } from "./counter-receipt.pdf.ts";
import { counterVisitSchema } from "./counter-visit.schema.ts";
import { RecordCounterVisitUseCase } from "./record-counter-visit.usecase.ts";

const requestId = z.uuid("identifiant de demande invalide");

/** `/accueil/saisie/guichet`: an agent records a visit; the visitor gets a printed receipt. */
@Controller("accueil/saisie/guichet")
export class CounterPageController {
  private readonly recordVisit: RecordCounterVisitUseCase;

  constructor(@Inject(WEB_CHANNEL) private readonly web: WebChannel) {
    this.recordVisit = new RecordCounterVisitUseCase(web.submitRequest);
  }

  private get context() {
    return { town: this.web.config.townName, secret: this.web.identitySecret };
  }

  @Get()
  async form(@Req() request: PageRequest, @Res() response: PageResponse): Promise<void> {
    await answerPage(request, response, this.context, async () => {
      requireStaff(request, this.web.identitySecret, ENTRY_ROLES);
      return this.formPage(request, { values: {}, problems: [] });
    });
  }

  @Post()
  async submit(@Req() request: PageRequest, @Res() response: PageResponse): Promise<void> {
    await answerPage(request, response, this.context, async () => {
      const staff = requireStaff(request, this.web.identitySecret, ENTRY_ROLES);
      const form = formOf(request);
      verifyCsrf(request, form);
      try {
        const visit = validateInput(
          counterVisitSchema,
          {
            siteId: form.siteId ?? "",
            subjectId: optional(form, "subjectId"),
            asked: form.asked ?? "",
            answeredOnTheSpot: optional(form, "answeredOnTheSpot"),
            citizen: contactOf(form, "none"),
          },
          "visite",
        );
        const done = await this.recordVisit.execute({
          visit,
          staffId: staff.id,
          idempotencyKey: validFormKey(form.idempotencyKey),
          now: new Date(),
        });
        return { redirect: `/accueil/saisie/guichet/${done.requestId}` };
      } catch (error) {
        if (!(error instanceof AppError) || error.code !== "validation") throw error;
        return this.formPage(request, { values: form, problems: problemsOf(error) }, 400);
      }
    });
  }

  @Get(":requestId")
  async done(@Req() request: PageRequest, @Res() response: PageResponse, @Param("requestId") id: string) {
    await answerPage(request, response, this.context, async () => {
      requireStaff(request, this.web.identitySecret, ENTRY_ROLES);
      const row = await this.counterRequest(id);
      return {
        title: `Visite enregistrée ${row.reference}`,
        currentPath: "/accueil/saisie",
        main: counterDoneMain({ requestId: row.id, reference: row.reference, receivedAt: row.receivedAt }),
      };
    });
  }

  @Get(":requestId/recu.pdf")
  async receipt(@Req() request: PageRequest, @Res() response: PageResponse, @Param("requestId") id: string) {
    requireStaff(request, this.web.identitySecret, ENTRY_ROLES);
    const row = await this.counterRequest(id);
    const catalogue = await this.web.catalogue.current();
    const citizen = row.citizen as { email?: string | null; preferredChannel?: string };
    const pdf = await counterReceiptPdf({
      town: this.web.config.townName,
      reference: row.reference,
      receivedAt: row.receivedAt,
      site: catalogue.sites.find((s) => s.id === row.siteId)?.label ?? row.siteId ?? "—",
      subject: catalogue.subjects.find((s) => s.id === row.subjectId)?.label ?? "à orienter par l’accueil",
      answeredOnSpot: (row.metadata as Record<string, string>).answeredOnSpot === "true",
      contact: { email: "par e-mail", sms: "par SMS", letter: "par courrier" }[citizen.preferredChannel ?? ""] ?? null,
    });
    response.setHeader("content-disposition", `inline; filename="recu-${row.reference}.pdf"`);
    response.setHeader("cache-control", "no-store");
    response.status(200).type("application/pdf").send(pdf);
  }

  private async counterRequest(id: string) {
    const parsed = requestId.safeParse(id);
    const row = parsed.success ? await this.web.prisma.request.findUnique({ where: { id: parsed.data } }) : null;
    if (row?.channel !== "counter") throw new AppError("not-found", "Visite introuvable.");
    return row;
  }

  private async formPage(request: PageRequest, state: FormState, status = 200) {
    return {
      status,
      headers: { "cache-control": "no-store" },
      title: state.problems.length ? "Erreurs dans la visite" : "Enregistrer une visite au guichet",
      currentPath: "/accueil/saisie",
      main: counterFormMain(await this.web.catalogue.current(), state, {
        idempotencyKey: validFormKey(state.values.idempotencyKey) ?? newFormKey(),
        csrf: csrfField(request),
      }),
    };
  }
}
