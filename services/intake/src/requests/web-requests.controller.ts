import type { IncomingMessage } from "node:http";
import { AppError, validateInput } from "@guichet/runtime";
import { Controller, Get, Headers, HttpCode, Inject, Post, Req } from "@nestjs/common";
import { isMultipart, readMultipart, type UploadedFile } from "../web/multipart.ts";
import { openApiDocument } from "../web/openapi.ts";
import { WEB_CHANNEL, type WebChannel } from "../web/web-channel.ts";
import { WEB_ATTACHMENT_LIMITS } from "../web/web-intake.ts";
import { webSubmissionSchema } from "./submit-request/web-submission.schema.ts";

/** The public JSON API of the web channel (described by GET /api/requests/openapi.json). */
@Controller("api/requests")
export class WebRequestsController {
  constructor(@Inject(WEB_CHANNEL) private readonly web: WebChannel) {}

  @Post()
  @HttpCode(201)
  async submit(
    @Req() request: IncomingMessage & { body?: unknown },
    @Headers("idempotency-key") idempotencyKey: string | undefined,
  ) {
    const receivedAt = new Date();
    this.web.limitSubmissions(request);
    let body: unknown = request.body;
    let files: UploadedFile[] = [];
    const contentType = (request.headers["content-type"] ?? "").toLowerCase();
    if (!isMultipart(request) && !/^application\/([a-z.+-]*\+)?json\b/.test(contentType)) {
      throw new AppError(
        "validation",
        "Type de contenu non pris en charge : envoyez application/json, ou multipart/form-data avec des pièces jointes",
        [{ field: "Content-Type", message: "application/json ou multipart/form-data attendu" }],
      );
    }
    if (isMultipart(request)) {
      // multipart/form-data: the JSON document in the `request` part, files in `attachments` parts.
      const multipart = await readMultipart(request, {
        maxFiles: WEB_ATTACHMENT_LIMITS.maxFiles,
        maxFileBytes: WEB_ATTACHMENT_LIMITS.maxFileBytes,
      });
      // The document may come as a plain field or as a part with its own content type (a "file").
      const documentPart = multipart.files.find((file) => file.field === "request");
      files = multipart.files.filter((file) => file.field !== "request");
      try {
        body = JSON.parse(multipart.fields.request ?? documentPart?.content.toString("utf8") ?? "");
      } catch {
        throw new AppError("validation", "request : document JSON attendu dans la partie « request »", [
          { field: "request", message: "document JSON attendu" },
        ]);
      }
    }
    const submission = validateInput(webSubmissionSchema, body, "demande");
    if (idempotencyKey !== undefined && !/^[\x21-\x7e]{8,128}$/.test(idempotencyKey)) {
      throw new AppError("validation", "Idempotency-Key: 8 à 128 caractères ASCII visibles", [
        { field: "Idempotency-Key", message: "8 à 128 caractères ASCII visibles" },
      ]);
    }
    const submitted = await this.web.webIntake.execute({ submission, files, idempotencyKey, receivedAt });
    return {
      requestId: submitted.requestId,
      reference: submitted.reference,
      receivedAt: submitted.receivedAt.toISOString(),
      replayed: submitted.replayed,
      trackingUrl: submitted.trackingUrl,
    };
  }

  @Get("openapi.json")
  openApi() {
    return openApiDocument;
  }
}
