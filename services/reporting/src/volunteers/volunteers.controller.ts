import { AppError, validateInput } from "@guichet/runtime";
import { answerPage, type PageEdgeOptions, type PageRequest, type PageResponse, verifyCsrf } from "@guichet/web";
import { Controller, Get, HttpCode, Inject, Param, Post, Req, Res } from "@nestjs/common";
import { z } from "zod";
import type { ExperimentsDeps } from "../experiments/experiments.controller.ts";
import { requireExperimentEditor } from "../experiments/experiments.controller.ts";
import { EXPERIMENTS } from "../experiments/experiments.tokens.ts";
import { formOf, problemsOf } from "../pages/form-input.ts";
import { REPORTING_CONTEXT, type ReportingContext } from "../reporting.tokens.ts";
import { requireReportReader } from "../reports/report-access.ts";
import { surveyAnswerSchema } from "../satisfaction/record-survey-answer.usecase.ts";
import { surveyThanksMain } from "../satisfaction/survey.page.ts";
import type { InviteVolunteersUseCase } from "./invite-volunteers.usecase.ts";
import {
  CONSENT_TEXT,
  feedbackFormMain,
  volunteerFormMain,
  volunteerRegisteredMain,
  withdrawMain,
  withdrawnMain,
} from "./volunteer.page.ts";
import type { VolunteerRepository } from "./volunteer.repository.ts";

export const VOLUNTEERS = Symbol("VOLUNTEERS");
export interface VolunteersDeps {
  repository: VolunteerRepository;
  invite: InviteVolunteersUseCase;
  publicUrl: string;
}

const PRIVATE = { "cache-control": "no-store", "referrer-policy": "no-referrer" };
const tokenSchema = z.string().regex(/^[A-Za-z0-9_-]{16,200}$/);
const registrationSchema = z.object({
  email: z
    .string()
    .trim()
    .max(254)
    .pipe(z.email("Indiquez une adresse électronique valide, par exemple nom@exemple.fr.")),
  consent: z.literal("oui", { error: "Cochez la case pour donner votre accord." }),
});

/** User groups: citizens volunteer (consent recorded, withdrawable) and give feedback on experiments. */
@Controller()
export class VolunteersController {
  constructor(
    @Inject(VOLUNTEERS) private readonly deps: VolunteersDeps,
    @Inject(EXPERIMENTS) private readonly experiments: ExperimentsDeps,
    @Inject(REPORTING_CONTEXT) private readonly context: ReportingContext,
  ) {}

  private get edge(): PageEdgeOptions {
    return {
      town: this.context.townName,
      secret: this.context.identitySecret,
      titles: { "not-found": "Lien introuvable" },
    };
  }

  @Get("volontaires")
  async form(@Req() request: PageRequest, @Res() response: PageResponse) {
    await answerPage(request, response, this.edge, async () => ({
      title: "Devenir usager volontaire",
      main: volunteerFormMain(request, {}, []),
      currentPath: "/volontaires",
    }));
  }

  @Post("volontaires")
  async register(@Req() request: PageRequest, @Res() response: PageResponse) {
    await answerPage(request, response, this.edge, async () => {
      const form = formOf(request);
      verifyCsrf(request, form);
      let email: string;
      try {
        ({ email } = validateInput(registrationSchema, form, "inscription"));
      } catch (error) {
        return {
          status: 400,
          title: "Erreur — Devenir usager volontaire",
          main: volunteerFormMain(request, form, problemsOf(error)),
        };
      }
      const token = await this.deps.repository.register(email, CONSENT_TEXT, new Date());
      const link = token ? `${this.deps.publicUrl.replace(/\/+$/, "")}/volontaires/retrait/${token}` : null;
      return {
        title: token ? "Inscription enregistrée" : "Adresse déjà inscrite",
        main: volunteerRegisteredMain(link),
        headers: PRIVATE,
      };
    });
  }

  @Get("volontaires/retrait/:token")
  async withdrawForm(@Req() request: PageRequest, @Param("token") token: string, @Res() response: PageResponse) {
    await answerPage(request, response, this.edge, async () => {
      const active = tokenSchema.safeParse(token).success ? await this.deps.repository.isActive(token) : null;
      if (active === null)
        throw new AppError("not-found", "Ce lien de retrait n’existe pas. Adressez-vous à l’accueil de la mairie.");
      return {
        title: active ? "Retirer mon consentement" : "Consentement retiré",
        main: withdrawMain(request, token, active),
        headers: PRIVATE,
      };
    });
  }

  @Post("volontaires/retrait/:token")
  async withdraw(@Req() request: PageRequest, @Param("token") token: string, @Res() response: PageResponse) {
    await answerPage(request, response, this.edge, async () => {
      verifyCsrf(request, formOf(request));
      const result = tokenSchema.safeParse(token).success
        ? await this.deps.repository.withdraw(token, new Date())
        : "unknown";
      if (result === "unknown")
        throw new AppError("not-found", "Ce lien de retrait n’existe pas. Adressez-vous à l’accueil de la mairie.");
      return { title: "Consentement retiré", main: withdrawnMain(), headers: PRIVATE };
    });
  }

  @Get("volontaires/avis/:token")
  async feedbackForm(@Req() request: PageRequest, @Param("token") token: string, @Res() response: PageResponse) {
    await answerPage(request, response, this.edge, async () => {
      const { invitation, experiment } = await this.invitation(token);
      if (invitation.answered)
        return { title: "Vous avez déjà répondu", main: surveyThanksMain(true), headers: PRIVATE };
      return {
        title: `Votre avis sur l’expérimentation : ${experiment.name}`,
        main: feedbackFormMain(request, token, experiment, {}, []),
        headers: PRIVATE,
      };
    });
  }

  @Post("volontaires/avis/:token")
  async feedback(@Req() request: PageRequest, @Param("token") token: string, @Res() response: PageResponse) {
    await answerPage(request, response, this.edge, async () => {
      const form = formOf(request);
      verifyCsrf(request, form);
      const { experiment } = await this.invitation(token);
      let answer: z.infer<typeof surveyAnswerSchema>;
      try {
        answer = validateInput(surveyAnswerSchema, form, "avis");
      } catch (error) {
        return {
          status: 400,
          title: `Erreur — Votre avis sur l’expérimentation : ${experiment.name}`,
          main: feedbackFormMain(request, token, experiment, form, problemsOf(error)),
          headers: PRIVATE,
        };
      }
      const recorded = await this.deps.repository.answer(token, answer.score, answer.comment, new Date());
      return {
        status: recorded ? 200 : 409,
        title: recorded ? "Merci pour votre avis" : "Vous avez déjà répondu",
        main: surveyThanksMain(!recorded),
        headers: PRIVATE,
      };
    });
  }

  /** Invites the volunteers to give feedback on an experiment (e-mail, once per volunteer). */
  @Post("api/experiments/:id/volunteer-invitations")
  @HttpCode(201)
  async invite(@Req() request: PageRequest, @Param("id") id: string) {
    requireExperimentEditor(request, this.context.identitySecret);
    const experiment = await this.experiments.reports.experiment(id, null);
    return { invited: await this.deps.invite.execute(experiment) };
  }

  @Get("api/volunteers")
  counts(@Req() request: PageRequest) {
    requireReportReader(request, this.context.identitySecret);
    return this.deps.repository.counts();
  }

  private async invitation(token: string) {
    const invitation = tokenSchema.safeParse(token).success ? await this.deps.repository.invitation(token) : null;
    const experiment = invitation ? await this.experiments.repository.find(invitation.experimentId) : null;
    if (!invitation || !experiment)
      throw new AppError("not-found", "Ce lien d’avis n’existe pas ou n’est plus valable (consentement retiré).");
    return { invitation, experiment };
  }
}
