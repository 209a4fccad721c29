import type { IncomingMessage } from "node:http";
import { AppError, validateInput } from "@guichet/runtime";
import { requireStaff } from "@guichet/web";
import { Controller, HttpCode, Inject, Post, Query, Req } from "@nestjs/common";
import { z } from "zod";
import { ENTRY_ROLES } from "../staff-pages/staff-page.ts";
import { callMappingSchema } from "./call-mapping.schema.ts";
import type { ImportReport } from "./import-calls/import-calls.usecase.ts";
import { PHONE_CHANNEL, PHONE_IDENTITY_SECRET } from "./phone.tokens.ts";
import type { PhoneChannel } from "./phone-channel.ts";

const CSV_TYPES = ["text/csv", "text/plain", "application/octet-stream", "application/vnd.ms-excel"];

const importQuerySchema = z
  .object({
    format: z.enum(["asterisk", "generic"], { error: "format : asterisk ou generic" }),
    siteId: z
      .string()
      .regex(/^[a-z0-9][a-z0-9.-]*$/, "identifiant de site attendu")
      .max(80)
      .optional(),
    /** The generic format's mapping, as JSON (docs/channels.md). */
    mapping: z.string().max(20_000).optional(),
    fileName: z.string().max(255).optional(),
  })
  .strict();

/**
 * Upload of a switchboard call log: the CSV file is the request body (text/csv), streamed into the
 * import; the answer is the import report, sent once every row is stored.
 * Staff only (reception and service agents).
 */
@Controller("api/calls/imports")
export class CallImportsController {
  constructor(
    @Inject(PHONE_CHANNEL) private readonly phone: PhoneChannel,
    @Inject(PHONE_IDENTITY_SECRET) private readonly identitySecret: string,
  ) {}

  @Post()
  @HttpCode(200)
  async upload(@Req() request: IncomingMessage, @Query() query: unknown): Promise<ImportReport> {
    requireStaff(request, this.identitySecret, ENTRY_ROLES);
    const params = validateInput(importQuerySchema, query, "import");
    const type = (request.headers["content-type"] ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
    if (!CSV_TYPES.includes(type)) {
      throw new AppError("validation", "Content-Type: text/csv attendu (le fichier est le corps de la requête)", [
        { field: "Content-Type", message: "text/csv attendu" },
      ]);
    }
    let mapping: z.infer<typeof callMappingSchema> | undefined;
    if (params.mapping !== undefined) {
      let json: unknown;
      try {
        json = JSON.parse(params.mapping);
      } catch {
        throw new AppError("validation", "mapping: JSON invalide", [{ field: "mapping", message: "JSON invalide" }]);
      }
      mapping = validateInput(callMappingSchema, json, "mapping");
    }
    return this.phone.importCalls.execute({
      input: request,
      format: params.format,
      mapping,
      siteId: params.siteId ?? null,
      fileName: params.fileName ?? null,
    });
  }
}
