import type { Experiment } from "../experiments/experiment.types.ts";
import { smtpTransport } from "../mail/smtp-transport.ts";
import type { VolunteerRepository } from "./volunteer.repository.ts";

export interface InvitationMailOptions {
  smtpUrl: string;
  mailFrom: string;
  /** The one public origin: the feedback links point at its /volontaires/avis page. */
  publicUrl: string;
  town: string;
}

/**
 * Invites every active volunteer not yet invited to give feedback on an experiment (one
 * invitation per volunteer and experiment, held by the table's unique key), by e-mail.
 */
export class InviteVolunteersUseCase {
  constructor(
    private readonly volunteers: VolunteerRepository,
    private readonly mail: InvitationMailOptions,
  ) {}

  async execute(experiment: Experiment, now = new Date()): Promise<number> {
    const invitations = await this.volunteers.invite(experiment.id, now);
    if (invitations.length === 0) return 0;
    const transport = smtpTransport(this.mail.smtpUrl);
    try {
      for (const invitation of invitations) {
        const link = `${this.mail.publicUrl.replace(/\/+$/, "")}/volontaires/avis/${invitation.token}`;
        await transport.sendMail({
          from: this.mail.mailFrom,
          to: invitation.email,
          subject: `Votre avis sur une expérimentation de la mairie : ${experiment.name}`,
          text: [
            "Bonjour,",
            "",
            "Vous vous êtes inscrit comme usager volontaire. La mairie expérimente un changement :",
            experiment.change,
            "",
            `Votre avis nous aidera à décider de la suite (une minute, facultatif) : ${link}`,
            "",
            `La mairie de ${this.mail.town}`,
            "Pour ne plus recevoir ces invitations, utilisez le lien de retrait donné à votre inscription, ou adressez-vous à l’accueil.",
          ].join("\n"),
        });
      }
    } finally {
      transport.close();
    }
    return invitations.length;
  }
}
