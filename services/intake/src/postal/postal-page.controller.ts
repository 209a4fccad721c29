import { AppError, validateInput } from "@guichet/runtime";
import { answerPage, csrfField, type PageResponse, requireStaff, verifyCsrf } from "@guichet/web";
import { Controller, Get, Inject, Post, Req, Res } from "@nestjs/common";
import { contactOf } from "../staff-pages/staff-contact.schema.ts";
import { ENTRY_ROLES } from "../staff-pages/staff-page.ts";
import type { FormState } from "../web/form-fields.ts";
import { newFormKey, validFormKey } from "../web/form-key.ts";
import { isMultipart, readMultipart } from "../web/multipart.ts";
import { optional, type PageRequest, parisDateTime, problemsOf } from "../web/page-edge.ts";
import { WEB_CHANNEL, type WebChannel } from "../web/web-channel.ts";
import { postalDoneMain, postalFormMain } from "./postal.view.ts";
import { postalLetterSchema } from "./postal-letter.schema.ts";
import { receiptDateOf } from "./receipt-date.ts";
import { RecordPostalLetterUseCase } from "./record-postal-letter.usecase.ts";
import { checkScan, SCAN_MAX_BYTES } from "./scanned-letter.ts";

/** `/accueil/saisie/courrier`: the mail room records a scanned letter, dated by its arrival stamp. */
@Controller("accueil/saisie/courrier")
export class PostalPageController {
  private readonly recordLetter: RecordPostalLetterUseCase;

  constructor(@Inject(WEB_CHANNEL) private readonly web: WebChannel) {
    this.recordLetter = new RecordPostalLetterUseCase(web.pool, web.schema, web.submitRequest);
  }

  private get context() {
    return { town: this.web.config.townName, secret: this.web.identitySecret };
  }

  @Get()
  async form(@Req() request: PageRequest, @Res() response: PageResponse): Promise<void> {
    await answerPage(request, response, this.context, async () => {
      requireStaff(request, this.web.identitySecret, ENTRY_ROLES);
      const done = typeof request.query.enregistre === "string" ? request.query.enregistre : null;
      if (done) return this.donePage(done);
      return this.formPage(request, { values: {}, problems: [] });
    });
  }

  @Post()
  async submit(@Req() request: PageRequest, @Res() response: PageResponse): Promise<void> {
    await answerPage(request, response, this.context, async () => {
      const staff = requireStaff(request, this.web.identitySecret, ENTRY_ROLES);
      if (!isMultipart(request))
        throw new AppError("validation", "Formulaire multipart/form-data attendu (courrier numérisé).");
      const { fields: form, files } = await readMultipart(request, { maxFiles: 1, maxFileBytes: SCAN_MAX_BYTES });
      verifyCsrf(request, form);
      try {
        const letter = validateInput(
          postalLetterSchema,
          {
            stampDate: form.stampDate ?? "",
            stampTime: optional(form, "stampTime"),
            confirmOldStamp: optional(form, "confirmOldStamp"),
            siteId: optional(form, "siteId"),
            subjectId: optional(form, "subjectId"),
            title: optional(form, "title"),
            summary: form.summary ?? "",
            citizen: contactOf(form, "letter"),
          },
          "courrier",
        );
        const receivedAt = receiptDateOf(
          { date: letter.stampDate, time: letter.stampTime, confirmOld: letter.confirmOldStamp === "oui" },
          new Date(),
        );
        const scan = checkScan(files);
        const done = await this.recordLetter.execute({
          letter,
          receivedAt,
          scan,
          staffId: staff.id,
          idempotencyKey: validFormKey(form.idempotencyKey),
        });
        return { redirect: `/accueil/saisie/courrier?enregistre=${encodeURIComponent(done.reference)}` };
      } catch (error) {
        if (!(error instanceof AppError) || error.code !== "validation") throw error;
        return this.formPage(request, { values: form, problems: problemsOf(error) }, 400);
      }
    });
  }

  private async donePage(reference: string) {
    const row = /^[A-Z]{1,6}-\d{4}-\d{6,}$/.test(reference)
      ? await this.web.prisma.request.findUnique({
          where: { reference },
          select: { reference: true, receivedAt: true, channel: true },
        })
      : null;
    if (row?.channel !== "postal") throw new AppError("not-found", "Courrier introuvable.");
    return {
      title: `Courrier enregistré ${row.reference}`,
      currentPath: "/accueil/saisie",
      notice: `Courrier enregistré, reçu le ${parisDateTime(row.receivedAt)}.`,
      main: postalDoneMain(row),
    };
  }

  private async formPage(request: PageRequest, state: FormState, status = 200) {
    return {
      status,
      headers: { "cache-control": "no-store" },
      title: state.problems.length ? "Erreurs dans le courrier" : "Enregistrer un courrier reçu",
      currentPath: "/accueil/saisie",
      main: postalFormMain(await this.web.catalogue.current(), state, {
        idempotencyKey: validFormKey(state.values.idempotencyKey) ?? newFormKey(),
        csrf: csrfField(request),
      }),
    };
  }
}
