import { AppError, validateInput } from "@guichet/runtime";
import { Body, Controller, Headers, HttpCode, Inject, Post } from "@nestjs/common";
import { normalisePhoneNumber, type PhoneRejection } from "../contact/phone-number.ts";
import { SUBMIT_REQUEST } from "../intake.tokens.ts";
import { type SubmitRequestUseCase } from "./submit-request/submit-request.usecase.ts";
import { type WebSubmission, webSubmissionSchema } from "./submit-request/web-submission.schema.ts";

/** The public JSON API of the web channel. */
@Controller("api/requests")
export class WebRequestsController {
  constructor(@Inject(SUBMIT_REQUEST) private readonly submitRequest: SubmitRequestUseCase) {}

  @Post()
  @HttpCode(201)
  async submit(@Body() body: unknown, @Headers("idempotency-key") idempotencyKey: string | undefined) {
    const receivedAt = new Date();
    const submission = validateInput(webSubmissionSchema, body, "demande");
    if (idempotencyKey !== undefined && !/^[\x21-\x7e]{8,128}$/.test(idempotencyKey)) {
      throw new AppError("validation", "Idempotency-Key: 8 à 128 caractères ASCII visibles", [
        { field: "Idempotency-Key", message: "8 à 128 caractères ASCII visibles" },
      ]);
    }
    const submitted = await this.submitRequest.execute({
      channel: "web",
      siteId: submission.siteId ?? null,
      subjectId: submission.subjectId ?? null,
      title: submission.title ?? null,
      body: submission.body,
      citizen: citizenOf(submission),
      metadata: {},
      receivedAt,
      idempotencyKey,
    });
    return {
      requestId: submitted.requestId,
      reference: submitted.reference,
      receivedAt: submitted.receivedAt.toISOString(),
      replayed: submitted.replayed,
    };
  }
}

function citizenOf(submission: WebSubmission) {
  const c = submission.citizen;
  let phone: string | null = null;
  if (c.phone) {
    const normalised = normalisePhoneNumber(c.phone);
    if (!normalised.ok) {
      const message = phoneMessages[normalised.error.reason];
      throw new AppError("validation", `citizen.phone: ${message}`, [{ field: "citizen.phone", message }]);
    }
    phone = normalised.e164;
  }
  return {
    name: c.name,
    email: c.email ? c.email.toLowerCase() : null,
    phone,
    postalAddress: c.postalAddress ?? null,
    preferredChannel: c.preferredChannel,
  };
}

const phoneMessages: Record<PhoneRejection, string> = {
  empty: "numéro de téléphone vide",
  "not-a-number": "ce n’est pas un numéro de téléphone",
  "invalid-country": "indicatif de pays inconnu",
  "too-short": "numéro trop court",
  "too-long": "numéro trop long",
  "invalid-number": "numéro de téléphone invalide",
};
