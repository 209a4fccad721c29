import { AppError, httpStatusOf } from "@guichet/runtime";
import { Controller, Get, Inject, Param, Post, Query, Req, Res } from "@nestjs/common";
import { z } from "zod";
import { WEB_CHANNEL, type WebChannel } from "../web/web-channel.ts";
import { type Open311Input, open311InputSchema, submissionOf } from "./open311-input.ts";

interface JsonResponse {
  status(code: number): JsonResponse;
  json(body: unknown): void;
}

const referenceSchema = z.string().regex(/^[A-Z]{1,6}-\d{4}-\d{6,}$/);

/**
 * Open311 GeoReport v2 requests (service discovery is routing's): civic apps submit with the spec's
 * form fields and read a request back by its service_request_id, which is our reference. Errors
 * are the spec's `[{code, description}]` array.
 */
@Controller("open311/v2")
export class Open311RequestsController {
  constructor(@Inject(WEB_CHANNEL) private readonly web: WebChannel) {}

  @Post("requests.json")
  async create(
    @Req() request: Parameters<WebChannel["limitSubmissions"]>[0] & { body?: unknown },
    @Res() response: JsonResponse,
  ) {
    await answer(response, async () => {
      const receivedAt = new Date();
      this.web.limitSubmissions(request);
      const parsed = open311InputSchema.safeParse(request.body ?? {});
      if (!parsed.success) {
        throw new AppError(
          "validation",
          "invalid request",
          parsed.error.issues.map((issue) => ({ field: issue.path.join(".") || "(body)", message: issue.message })),
        );
      }
      await this.checkServiceCode(parsed.data);
      const submitted = await this.web.webIntake.execute({
        submission: submissionOf(parsed.data),
        files: [],
        receivedAt,
        metadata: metadataOf(parsed.data),
      });
      return [
        {
          service_request_id: submitted.reference,
          service_notice: `Demande enregistrée. Suivi privé : ${submitted.trackingUrl}`,
          account_id: null,
        },
      ];
    });
  }

  @Get("requests.json")
  async search(@Query("service_request_id") ids: unknown, @Res() response: JsonResponse) {
    await answer(response, async () => {
      if (typeof ids !== "string" || ids.trim() === "")
        throw new AppError("validation", "service_request_id: required (comma-separated references)", [
          { field: "service_request_id", message: "obligatoire : la liste publique des demandes n’est pas proposée" },
        ]);
      const references = ids
        .split(",")
        .map((id) => id.trim())
        .filter((id) => referenceSchema.safeParse(id).success)
        .slice(0, 50);
      return this.find(references);
    });
  }

  @Get("requests/:file")
  async one(@Param("file") file: string, @Res() response: JsonResponse) {
    await answer(response, async () => {
      const reference = file.replace(/\.json$/, "");
      if (!file.endsWith(".json") || !referenceSchema.safeParse(reference).success)
        throw new AppError("not-found", `unknown service_request_id "${reference}"`);
      const found = await this.find([reference]);
      if (found.length === 0) throw new AppError("not-found", `unknown service_request_id "${reference}"`);
      return found;
    });
  }

  /**
   * Only what is not personal: references are sequential, hence guessable, so the description,
   * address and contact stay private (the citizen has the private tracking link for those).
   * Status: open/closed, followed from request.status-changed by intake's own consumer.
   */
  private async find(references: string[]) {
    if (references.length === 0) return [];
    const rows = await this.web.prisma.request.findMany({
      where: { reference: { in: references } },
      select: {
        reference: true,
        subjectId: true,
        receivedAt: true,
        createdAt: true,
        status: true,
        statusChangedAt: true,
      },
    });
    return rows.map((row) => ({
      service_request_id: row.reference,
      status: row.status,
      service_code: row.subjectId,
      requested_datetime: row.receivedAt.toISOString(),
      updated_datetime: (row.statusChangedAt ?? row.createdAt).toISOString(),
    }));
  }

  private async checkServiceCode(input: Open311Input): Promise<void> {
    const catalogue = await this.web.catalogue.current();
    if (catalogue.available && !catalogue.subjects.some((s) => s.id === input.service_code))
      throw new AppError("validation", "unknown service_code", [
        { field: "service_code", message: `service_code inconnu : ${input.service_code}` },
      ]);
  }
}

async function answer(response: JsonResponse, work: () => Promise<unknown>): Promise<void> {
  try {
    response.status(200).json(await work());
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    const code = httpStatusOf[error.code];
    const errors = error.problems.length
      ? error.problems.map((p) => ({ code, description: `${p.field}: ${p.message}` }))
      : [{ code, description: error.message }];
    response.status(code).json(errors);
  }
}

function metadataOf(input: Open311Input): Record<string, string> {
  const metadata: Record<string, string> = { source: "open311" };
  for (const key of [
    "lat",
    "long",
    "address_string",
    "address_id",
    "media_url",
    "device_id",
    "jurisdiction_id",
  ] as const) {
    const value = input[key];
    if (value !== undefined && value !== "") metadata[key] = String(value);
  }
  return metadata;
}
