import { Readable } from "node:stream";
import { AppError, validateInput } from "@guichet/runtime";
import { answerPage, csrfField, type PageResponse, requireStaff, verifyCsrf } from "@guichet/web";
import { Controller, Get, Inject, Post, Req, Res } from "@nestjs/common";
import { z } from "zod";
import { callMappingSchema } from "../phone/call-mapping.schema.ts";
import { callNoteSchema } from "../phone/call-note/call-note.schema.ts";
import type { PhoneChannel } from "../phone/phone-channel.ts";
import type { FormState } from "../web/form-fields.ts";
import { newFormKey, validFormKey } from "../web/form-key.ts";
import { isMultipart, readMultipart } from "../web/multipart.ts";
import { formOf, optional, type PageRequest, parisDateTime, problemsOf } from "../web/page-edge.ts";
import { WEB_CHANNEL, type WebChannel } from "../web/web-channel.ts";
import { callImportMain, callNoteDoneMain, callNoteMain, importReportMain } from "./phone-pages.view.ts";
import { contactOf } from "./staff-contact.schema.ts";
import { ENTRY_ROLES } from "./staff-page.ts";

/** The phone channel's use cases, for the agent pages (token of this module). */
export const ENTRY_PHONE_CHANNEL = Symbol("EntryPhoneChannel");

const CALL_LOG_MAX_BYTES = 50 * 1024 * 1024;
const callIdSchema = z
  .string()
  .trim()
  .regex(/^[\x21-\x7e]{1,120}$/, "identifiant d’appel invalide");
const importFormSchema = z.object({
  format: z.enum(["asterisk", "generic"], { error: "format : Asterisk ou CSV générique" }),
  siteId: z
    .string()
    .regex(/^[a-z0-9][a-z0-9.-]*$/, "identifiant de site attendu")
    .max(80)
    .optional(),
});

/** Agent pages over the phone channel: `/accueil/saisie/telephone` (call note), `/accueil/saisie/appels` (call log). */
@Controller("accueil/saisie")
export class PhonePagesController {
  constructor(
    @Inject(WEB_CHANNEL) private readonly web: WebChannel,
    @Inject(ENTRY_PHONE_CHANNEL) private readonly phone: PhoneChannel,
  ) {}

  private get context() {
    return { town: this.web.config.townName, secret: this.web.identitySecret };
  }

  @Get("telephone")
  async noteForm(@Req() request: PageRequest, @Res() response: PageResponse): Promise<void> {
    await answerPage(request, response, this.context, async () => {
      requireStaff(request, this.web.identitySecret, ENTRY_ROLES);
      const done = typeof request.query.enregistre === "string" ? request.query.enregistre : null;
      if (done) {
        const row = /^[A-Z]{1,6}-\d{4}-\d{6,}$/.test(done)
          ? await this.web.prisma.request.findUnique({
              where: { reference: done },
              select: { reference: true, receivedAt: true },
            })
          : null;
        if (!row) throw new AppError("not-found", "Appel introuvable.");
        return {
          title: `Appel enregistré ${row.reference}`,
          currentPath: "/accueil/saisie",
          notice: `Appel enregistré, reçu le ${parisDateTime(row.receivedAt)}.`,
          main: callNoteDoneMain(row),
        };
      }
      return this.notePage(request, { values: {}, problems: [] });
    });
  }

  @Post("telephone")
  async takeNote(@Req() request: PageRequest, @Res() response: PageResponse): Promise<void> {
    await answerPage(request, response, this.context, async () => {
      const staff = requireStaff(request, this.web.identitySecret, ENTRY_ROLES);
      const form = formOf(request);
      verifyCsrf(request, form);
      try {
        const note = validateInput(
          callNoteSchema,
          {
            siteId: optional(form, "siteId"),
            subjectId: optional(form, "subjectId"),
            asked: form.asked ?? "",
            answeredOnTheSpot: optional(form, "answeredOnTheSpot"),
            citizen: contactOf(form, "none"),
          },
          "note d’appel",
        );
        const callId = optional(form, "callId");
        if (callId !== undefined) validateInput(z.object({ callId: callIdSchema }), { callId }, "appel");
        const done = await this.phone.takeCallNote
          .execute({
            note,
            staffId: staff.id,
            callId: callId ?? null,
            idempotencyKey: callId ? undefined : validFormKey(form.idempotencyKey),
            now: new Date(),
          })
          .catch((error: unknown) => {
            // An unknown or already noted call is the agent's typo: say it next to the field.
            if (error instanceof AppError && (error.code === "not-found" || error.code === "conflict"))
              throw new AppError("validation", error.message, [{ field: "callId", message: error.message }]);
            throw error;
          });
        return { redirect: `/accueil/saisie/telephone?enregistre=${encodeURIComponent(done.reference)}` };
      } catch (error) {
        if (!(error instanceof AppError) || error.code !== "validation") throw error;
        return this.notePage(request, { values: form, problems: problemsOf(error) }, 400);
      }
    });
  }

  @Get("appels")
  async importForm(@Req() request: PageRequest, @Res() response: PageResponse): Promise<void> {
    await answerPage(request, response, this.context, async () => {
      requireStaff(request, this.web.identitySecret, ENTRY_ROLES);
      return this.importPage(request, { values: { format: "asterisk" }, problems: [] });
    });
  }

  @Post("appels")
  async importLog(@Req() request: PageRequest, @Res() response: PageResponse): Promise<void> {
    await answerPage(request, response, this.context, async () => {
      requireStaff(request, this.web.identitySecret, ENTRY_ROLES);
      if (!isMultipart(request))
        throw new AppError("validation", "Formulaire multipart/form-data attendu (fichier CSV).");
      const { fields: form, files } = await readMultipart(request, { maxFiles: 1, maxFileBytes: CALL_LOG_MAX_BYTES });
      verifyCsrf(request, form);
      try {
        const params = validateInput(
          importFormSchema,
          { format: form.format, siteId: optional(form, "siteId") },
          "import",
        );
        const file = files.find((f) => f.field === "file");
        if (!file)
          throw new AppError("validation", "fichier manquant", [
            { field: "file", message: "le fichier CSV est obligatoire" },
          ]);
        const mappingText = optional(form, "mapping");
        let mapping: z.infer<typeof callMappingSchema> | undefined;
        if (params.format === "generic") {
          let json: unknown;
          try {
            json = JSON.parse(mappingText ?? "");
          } catch {
            throw new AppError("validation", "mapping: JSON invalide", [
              {
                field: "mapping",
                message: "correspondance des colonnes obligatoire pour le format générique (JSON valide)",
              },
            ]);
          }
          mapping = validateInput(callMappingSchema, json, "mapping");
        }
        const report = await this.phone.importCalls.execute({
          input: Readable.from(file.content),
          format: params.format,
          mapping,
          siteId: params.siteId ?? null,
          fileName: file.filename.slice(0, 255),
        });
        return { title: "Rapport d’import", currentPath: "/accueil/saisie", main: importReportMain(report) };
      } catch (error) {
        if (!(error instanceof AppError) || error.code !== "validation") throw error;
        return this.importPage(request, { values: form, problems: problemsOf(error) }, 400);
      }
    });
  }

  private async notePage(request: PageRequest, state: FormState, status = 200) {
    return {
      status,
      headers: { "cache-control": "no-store" },
      title: state.problems.length ? "Erreurs dans la note d’appel" : "Noter un appel téléphonique",
      currentPath: "/accueil/saisie",
      main: callNoteMain(await this.web.catalogue.current(), state, {
        idempotencyKey: validFormKey(state.values.idempotencyKey) ?? newFormKey(),
        csrf: csrfField(request),
      }),
    };
  }

  private async importPage(request: PageRequest, state: FormState, status = 200) {
    return {
      status,
      headers: { "cache-control": "no-store" },
      title: state.problems.length ? "Erreurs dans l’import" : "Importer le journal d’appels",
      currentPath: "/accueil/saisie",
      main: callImportMain(await this.web.catalogue.current(), state, { csrf: csrfField(request) }),
    };
  }
}
