import { timingSafeEqual } from "node:crypto";
import { AppError, validateInput } from "@guichet/runtime";
import { answerPage, csrfField, html, type PageEdgeOptions, type PageResponse } from "@guichet/web";
import { Controller, Get, Inject, Post, Req, Res } from "@nestjs/common";
import { webSubmissionSchema } from "../requests/submit-request/web-submission.schema.ts";
import type { FormState } from "./form-fields.ts";
import { newFormKey, validFormKey } from "./form-key.ts";
import { isMultipart, readMultipart, type UploadedFile } from "./multipart.ts";
import { formOf, optional, type PageRequest, problemsOf } from "./page-edge.ts";
import { confirmationMain, HONEYPOT_FIELD, requestFormMain } from "./request-form.view.ts";
import { trackingTokenHash, trackingUrl } from "./tracking-token.ts";
import { WEB_CHANNEL, type WebChannel } from "./web-channel.ts";
import { WEB_ATTACHMENT_LIMITS } from "./web-intake.ts";

const PRIVATE_PAGE = { "cache-control": "no-store", "referrer-policy": "no-referrer" };

/** The citizen form `/demande` and its confirmation page; no JavaScript needed anywhere. */
@Controller("demande")
export class CitizenFormController {
  constructor(@Inject(WEB_CHANNEL) private readonly web: WebChannel) {}

  private get context(): PageEdgeOptions {
    return { town: this.web.config.townName, secret: this.web.identitySecret };
  }

  @Get()
  async form(@Req() request: PageRequest, @Res() response: PageResponse): Promise<void> {
    await answerPage(request, response, this.context, () => this.formPage(request, { values: {}, problems: [] }));
  }

  @Post()
  async submit(@Req() request: PageRequest, @Res() response: PageResponse): Promise<void> {
    const receivedAt = new Date();
    await answerPage(request, response, this.context, async () => {
      this.web.limitSubmissions(request);
      let form: Record<string, string> = {};
      let files: UploadedFile[] = [];
      try {
        if (isMultipart(request)) {
          ({ fields: form, files } = await readMultipart(request, {
            maxFiles: WEB_ATTACHMENT_LIMITS.maxFiles,
            maxFileBytes: WEB_ATTACHMENT_LIMITS.maxFileBytes,
          }));
        } else form = formOf(request);
        // Honeypot filled: a bot. Pretend success so it does not adapt, and store nothing at all.
        if (form[HONEYPOT_FIELD]) return this.decoyPage();
        const submission = validateInput(webSubmissionSchema, submissionOf(form), "demande");
        const key = validFormKey(form.idempotencyKey);
        const submitted = await this.web.webIntake.execute({ submission, files, idempotencyKey: key, receivedAt });
        const query = new URLSearchParams({ reference: submitted.reference, suivi: submitted.trackingToken });
        return { redirect: `/demande/confirmation?${query}` };
      } catch (error) {
        // The page's key already sent another request (back button, edit, send again): a fresh key
        // and the typed values, rather than a dead end.
        if (error instanceof AppError && error.code === "conflict") {
          const { idempotencyKey: _used, ...values } = form;
          const message =
            "cette page a déjà servi à envoyer une autre demande : vérifiez vos informations et envoyez à nouveau";
          return this.formPage(request, { values, problems: [{ field: "formulaire", message }] }, 409);
        }
        if (!(error instanceof AppError) || error.code !== "validation") throw error;
        return this.formPage(request, { values: form, problems: problemsOf(error) }, 400);
      }
    });
  }

  @Get("confirmation")
  async confirmation(@Req() request: PageRequest, @Res() response: PageResponse): Promise<void> {
    await answerPage(request, response, this.context, async () => {
      const reference = typeof request.query.reference === "string" ? request.query.reference : "";
      const token = typeof request.query.suivi === "string" ? request.query.suivi : "";
      const stored = /^[A-Z]{1,6}-\d{4}-\d{6,}$/.test(reference)
        ? await this.web.prisma.request.findUnique({
            where: { reference },
            select: { reference: true, receivedAt: true, trackingTokenHash: true },
          })
        : null;
      // The page needs the private token: nobody can see another person's confirmation by its reference.
      if (!stored?.trackingTokenHash || !sameHash(stored.trackingTokenHash, trackingTokenHash(token)))
        throw new AppError("not-found", "Cette confirmation n’existe pas. Vérifiez le lien ou contactez la mairie.");
      return {
        title: `Demande ${stored.reference} enregistrée`,
        currentPath: "/demande",
        headers: PRIVATE_PAGE,
        main: confirmationMain(
          { ...stored, trackingUrl: trackingUrl(this.web.publicUrl, token) },
          await this.web.catalogue.current(),
        ),
      };
    });
  }

  private async formPage(request: PageRequest, state: FormState, status = 200) {
    const key = validFormKey(state.values.idempotencyKey) ?? newFormKey();
    return {
      status,
      title: state.problems.length ? "Erreurs dans la demande" : "Faire une demande",
      currentPath: "/demande",
      // Each rendering carries its own idempotency key: a shared cache must never serve it twice.
      headers: { "cache-control": "no-store" },
      main: requestFormMain(await this.web.catalogue.current(), state, {
        idempotencyKey: key,
        csrf: csrfField(request),
      }),
    };
  }

  private async decoyPage() {
    return {
      title: "Demande envoyée",
      currentPath: "/demande",
      main: html`<h1>Votre demande a bien été envoyée</h1><p>Merci.</p>`,
    };
  }
}

/** The form's flat fields as the shared web submission document. */
function submissionOf(form: Record<string, string>) {
  return {
    subjectId: optional(form, "subjectId"),
    siteId: optional(form, "siteId"),
    body: form.body ?? "",
    citizen: {
      name: form["citizen.name"] ?? "",
      email: optional(form, "citizen.email"),
      phone: optional(form, "citizen.phone"),
      postalAddress: optional(form, "citizen.postalAddress"),
      preferredChannel: optional(form, "citizen.preferredChannel"),
    },
  };
}

function sameHash(a: string, b: string): boolean {
  return a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
}
