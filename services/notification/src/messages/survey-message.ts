import { type SmsText, smsOf, toGsm7 } from "./sms-text.renderer.ts";

/** What a satisfaction survey invitation states, stored with the message. */
export interface SurveyContent {
  reference: string;
  serviceId: string;
  serviceName: string;
  townName: string;
  /** The private link to the survey page; its SHA-256 travels in survey.invited. */
  link: string;
  tokenHash: string;
}

/** The e-mail inviting the citizen to rate a closed request: short, plain text, optional. */
export function renderSurveyEmail(c: SurveyContent): { subject: string; text: string; html: null } {
  return {
    subject: `Votre avis sur le traitement de votre demande ${c.reference}`,
    text: [
      "Bonjour,",
      "",
      `Votre demande ${c.reference}, traitée par le service « ${c.serviceName} », est close.`,
      "La mairie aimerait savoir si vous êtes satisfait de la façon dont elle a été traitée.",
      "Répondre prend une minute et reste facultatif : une note de 1 à 5 et, si vous le souhaitez, un commentaire.",
      "",
      `Pour répondre : ${c.link}`,
      "",
      "Votre réponse est anonyme dans les résultats publiés. Ce lien ne sert qu’une fois.",
      "",
      `La mairie de ${c.townName}`,
      "Merci de ne pas répondre à ce message.",
    ].join("\n"),
    html: null,
  };
}

/** The same invitation by SMS (GSM-7 safe; sent outside the quiet hours, like every SMS). */
export function renderSurveySms(c: SurveyContent): SmsText {
  return smsOf(
    toGsm7(
      `Mairie de ${c.townName} : votre demande ${c.reference} est close. Votre avis (1 min, facultatif) : ${c.link}`,
    ),
  );
}
