import type { IncomingMessage as Request, ServerResponse as Response } from "node:http";
import { INFRASTRUCTURE, type ServiceInfrastructure, validateInput } from "@guichet/runtime";
import { Body, Controller, Get, Inject, Put, Query, Req, Res } from "@nestjs/common";
import { z } from "zod";
import { PREVIEW_KINDS, TemplateOverridesService } from "../templates/template-overrides.service.ts";
import { sendBody } from "./http-response.util.ts";
import { requireTemplateAdmin } from "./staff-access.ts";

const localeOverrides = z.record(z.string().max(80), z.string().max(5_000));
const overridesBody = z.object({ fr: localeOverrides.optional(), en: localeOverrides.optional() }).strict();
const previewQuery = z.object({
  kind: z.enum(PREVIEW_KINDS),
  channel: z.enum(["email", "sms", "letter"]).default("email"),
  lang: z.enum(["fr", "en"]).default("fr"),
});

/** The town's wording: list (defaults and overrides), replace (validated), preview. Admins only. */
@Controller("api/templates")
export class TemplatesController {
  constructor(
    @Inject(TemplateOverridesService) private readonly templates: TemplateOverridesService,
    @Inject(INFRASTRUCTURE) private readonly infrastructure: ServiceInfrastructure,
  ) {}

  @Get()
  list(@Req() request: Request) {
    requireTemplateAdmin(request, this.infrastructure);
    return this.templates.list();
  }

  @Put()
  async replace(@Body() body: unknown, @Req() request: Request) {
    const staff = requireTemplateAdmin(request, this.infrastructure);
    const overrides = validateInput(overridesBody, body, "templates");
    return { overrides: await this.templates.replace(overrides, staff.id) };
  }

  @Get("preview")
  async preview(@Query() query: unknown, @Req() request: Request, @Res() response: Response) {
    requireTemplateAdmin(request, this.infrastructure);
    const { kind, channel, lang } = validateInput(previewQuery, query, "query");
    const preview = await this.templates.preview(kind, channel, lang);
    if (preview.channel === "letter") {
      sendBody(response, 200, "application/pdf", preview.pdf);
      return;
    }
    sendBody(response, 200, "application/json; charset=utf-8", JSON.stringify({ kind, lang, ...preview }));
  }
}
