import { AppError, validateInput } from "@guichet/runtime";
import {
  answerPage,
  type PageEdgeOptions,
  type PageRequest,
  type PageResponse,
  requireServiceAccess,
  requireStaff,
  verifyCsrf,
} from "@guichet/web";
import { Controller, Get, Inject, Param, Post, Req, Res } from "@nestjs/common";
import { z } from "zod";
import { formOf, problemsOf } from "../pages/form-input.ts";
import { REPORTING_CONTEXT, type ReportingContext } from "../reporting.tokens.ts";
import { type RecordSurveyAnswerUseCase, surveyAnswerSchema } from "./record-survey-answer.usecase.ts";
import { type AgentFormValues, agentFormMain, surveyFormMain, surveyThanksMain } from "./survey.page.ts";
import type { SurveyRepository } from "./survey.repository.ts";
import { SURVEYS } from "./surveys.tokens.ts";

const PRIVATE = { "cache-control": "no-store", "referrer-policy": "no-referrer" };
const tokenSchema = z.string().regex(/^[A-Za-z0-9_-]{16,200}$/);
const agentSchema = surveyAnswerSchema.extend({
  reference: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z]{1,6}-\d{4}-\d{6,}$/, "Indiquez le numéro de la demande sous la forme LA-2026-000123."),
  channel: z.enum(["counter", "phone"], { error: "Indiquez si l’usager a répondu à l’accueil ou au téléphone." }),
});

export interface SurveysDeps {
  repository: SurveyRepository;
  record: RecordSurveyAnswerUseCase;
}

/**
 * The satisfaction survey: the citizen's private link (no account, matched on the token's
 * SHA-256, no JavaScript) and the agents' form for answers given at the counter or on the phone.
 */
@Controller("satisfaction")
export class SurveyPageController {
  constructor(
    @Inject(SURVEYS) private readonly deps: SurveysDeps,
    @Inject(REPORTING_CONTEXT) private readonly context: ReportingContext,
  ) {}

  private edge(titles: PageEdgeOptions["titles"] = {}): PageEdgeOptions {
    return { town: this.context.townName, secret: this.context.identitySecret, titles };
  }

  @Get("accueil")
  async agentForm(@Req() request: PageRequest, @Res() response: PageResponse) {
    await answerPage(request, response, this.edge(), async () => {
      requireStaff(request, this.context.identitySecret, ["reception", "agent"]);
      const saved = typeof request.query.enregistre === "string" ? request.query.enregistre.slice(0, 40) : null;
      return {
        title: "Enregistrer l’avis d’un usager",
        main: agentFormMain(request, {}, []),
        currentPath: "/satisfaction/accueil",
        ...(saved ? { notice: `Avis enregistré pour la demande ${saved}.` } : {}),
      };
    });
  }

  @Post("accueil")
  async agentRecord(@Req() request: PageRequest, @Res() response: PageResponse) {
    await answerPage(request, response, this.edge(), async () => {
      const form = formOf(request);
      verifyCsrf(request, form);
      const staff = requireStaff(request, this.context.identitySecret, ["reception", "agent"]);
      const page = (values: AgentFormValues, problems: { field: string; message: string }[], status: number) => ({
        status,
        title: "Erreur — Enregistrer l’avis d’un usager",
        main: agentFormMain(request, values, problems),
        currentPath: "/satisfaction/accueil",
      });
      let answer: z.infer<typeof agentSchema>;
      try {
        answer = validateInput(agentSchema, form, "avis");
      } catch (error) {
        return page(form, problemsOf(error), 400);
      }
      const target = await this.deps.repository.byReference(answer.reference);
      if (!target) return page(form, [{ field: "reference", message: "Aucune demande ne porte ce numéro." }], 404);
      if (!staff.roles.includes("reception") && target.serviceId) requireServiceAccess(staff, target.serviceId);
      const result = await this.deps.record.execute({
        requestId: target.requestId,
        score: answer.score,
        comment: answer.comment,
        channel: answer.channel,
        byStaff: true,
      });
      if (result === "already-answered")
        return page(
          form,
          [{ field: "reference", message: "Cette demande a déjà reçu un avis : une seule réponse est comptée." }],
          409,
        );
      return { redirect: `/satisfaction/accueil?enregistre=${encodeURIComponent(answer.reference)}` };
    });
  }

  @Get(":token")
  async form(@Req() request: PageRequest, @Param("token") token: string, @Res() response: PageResponse) {
    await answerPage(request, response, this.edge({ "not-found": "Lien introuvable" }), async () => {
      const target = await this.target(token);
      if (target.answered) return { title: "Vous avez déjà répondu", main: surveyThanksMain(true), headers: PRIVATE };
      return {
        title: "Votre avis sur le traitement de votre demande",
        main: surveyFormMain(request, token, target.reference, {}, []),
        headers: PRIVATE,
      };
    });
  }

  @Post(":token")
  async answer(@Req() request: PageRequest, @Param("token") token: string, @Res() response: PageResponse) {
    await answerPage(request, response, this.edge({ "not-found": "Lien introuvable" }), async () => {
      const form = formOf(request);
      verifyCsrf(request, form);
      const target = await this.target(token);
      let answer: z.infer<typeof surveyAnswerSchema>;
      try {
        answer = validateInput(surveyAnswerSchema, form, "avis");
      } catch (error) {
        return {
          status: 400,
          title: "Erreur — Votre avis sur le traitement de votre demande",
          main: surveyFormMain(request, token, target.reference, form, problemsOf(error)),
          headers: PRIVATE,
        };
      }
      const result = await this.deps.record.execute({
        requestId: target.requestId,
        score: answer.score,
        comment: answer.comment,
        channel: target.channel === "sms" ? "sms" : "email",
        byStaff: false,
      });
      const already = result === "already-answered";
      return {
        status: already ? 409 : 200,
        title: already ? "Vous avez déjà répondu" : "Merci pour votre avis",
        main: surveyThanksMain(already),
        headers: PRIVATE,
      };
    });
  }

  private async target(token: string) {
    const target = tokenSchema.safeParse(token).success ? await this.deps.repository.byToken(token) : null;
    if (!target)
      throw new AppError(
        "not-found",
        "Ce lien d’enquête n’existe pas ou n’est plus valable. Vérifiez qu’il est complet, ou contactez la mairie.",
      );
    return target;
  }
}
