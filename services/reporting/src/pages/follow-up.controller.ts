import type { IncomingMessage, ServerResponse } from "node:http";
import { verifyCsrf } from "@guichet/web";
import { Body, Controller, Get, Inject, Param, Post, Req, Res } from "@nestjs/common";
import { z } from "zod";
import { REPORTING_CONTEXT, type ReportingContext } from "../reporting.tokens.ts";
import { renderFollowUp, renderFollowUpForm } from "./follow-up.page.ts";
import { FollowUpQuery } from "./follow-up.query.ts";

const formSchema = z.object({
  reference: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z]{1,6}-\d{4}-\d{6,}$/, "Indiquez le numéro de la demande sous la forme LA-2026-000123."),
  email: z.string().trim().pipe(z.email("Indiquez une adresse électronique valide, par exemple nom@exemple.fr.")),
});
const tokenSchema = z.string().regex(/^[A-Za-z0-9_-]{16,200}$/);

function send(response: ServerResponse, status: number, page: string) {
  response.statusCode = status;
  response.setHeader("content-type", "text/html; charset=utf-8");
  // The page shows a citizen's request: never cached by a shared proxy or the browser's history.
  response.setHeader("cache-control", "no-store");
  response.end(page);
}

/** Citizen follow-up: no account, matched on hashes only (reporting stores no e-mail, no token). */
@Controller("suivi")
export class FollowUpController {
  constructor(
    @Inject(FollowUpQuery) private readonly requests: FollowUpQuery,
    @Inject(REPORTING_CONTEXT) private readonly context: ReportingContext,
  ) {}

  @Get()
  form(@Req() request: IncomingMessage, @Res() response: ServerResponse) {
    send(
      response,
      200,
      renderFollowUpForm(request, this.context.townName, { reference: "", problems: [], notFound: false }),
    );
  }

  @Post()
  async lookup(
    @Req() request: IncomingMessage,
    @Body() body: Record<string, unknown>,
    @Res() response: ServerResponse,
  ) {
    verifyCsrf(request, body ?? {});
    const parsed = formSchema.safeParse(body);
    const reference = typeof body?.reference === "string" ? body.reference.slice(0, 40) : "";
    if (!parsed.success) {
      const problems = parsed.error.issues.map((i) => ({ field: String(i.path[0]), message: i.message }));
      return send(
        response,
        400,
        renderFollowUpForm(request, this.context.townName, { reference, problems, notFound: false }),
      );
    }
    const found = await this.requests.byReferenceAndEmail(parsed.data.reference, parsed.data.email);
    if (!found)
      return send(
        response,
        404,
        renderFollowUpForm(request, this.context.townName, { reference, problems: [], notFound: true }),
      );
    send(response, 200, renderFollowUp(this.context.townName, found));
  }

  @Get(":token")
  async byToken(@Param("token") token: string, @Req() request: IncomingMessage, @Res() response: ServerResponse) {
    const found = tokenSchema.safeParse(token).success ? await this.requests.byToken(token) : null;
    if (!found)
      return send(
        response,
        404,
        renderFollowUpForm(request, this.context.townName, { reference: "", problems: [], notFound: true }),
      );
    send(response, 200, renderFollowUp(this.context.townName, found));
  }
}
