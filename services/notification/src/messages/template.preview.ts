import type { LegalRegime } from "@guichet/contracts";
import { composeAcknowledgement, composeRegistrationReceipt } from "./acknowledgement-content.ts";
import { renderAcknowledgementEmail, renderRegistrationEmail, renderStatusMessage } from "./email.renderer.ts";
import type { RenderedEmail } from "./message-document.types.ts";
import { sampleReceived, sampleRouted } from "./preview-samples.ts";
import type { StatusMessageInput } from "./status-document.builder.ts";
import type { TownIdentity } from "./town-identity.types.ts";

export interface TemplatePreview extends RenderedEmail {
  /** Stable id for the admin page, e.g. "acknowledgement.svr" or "status.rerouted". */
  id: string;
}

const REGIMES: readonly LegalRegime[] = ["sva", "svr", "information", "document", "external"];

/** A fixed instant: the preview must not change from one reload to the next. */
const PREVIEW_NOW = new Date("2026-11-28T15:00:00.000Z");

/**
 * Every message the town can send, rendered with sample data and the town's own wording: what the
 * admin page shows before a wording change is saved. Throws TemplateOverrideError on a bad override.
 */
export function previewAll(town: TownIdentity): TemplatePreview[] {
  const received = sampleReceived();
  const previews: TemplatePreview[] = REGIMES.map((regime) => ({
    id: `acknowledgement.${regime}`,
    ...renderAcknowledgementEmail(composeAcknowledgement(received, sampleRouted(regime), town, { now: PREVIEW_NOW })),
  }));
  previews.push({
    id: "acknowledgement.sva-incomplete",
    ...renderAcknowledgementEmail(
      composeAcknowledgement(received, sampleRouted("sva"), town, {
        now: PREVIEW_NOW,
        missingDocuments: ["Justificatif de domicile de moins de trois mois"],
      }),
    ),
  });
  previews.push({ id: "registration", ...renderRegistrationEmail(composeRegistrationReceipt(received, town)) });
  for (const input of sampleStatusInputs(town, received.reference)) {
    previews.push({ id: `status.${input.kind}`, ...renderStatusMessage(input) });
  }
  return previews;
}

export function sampleStatusInputs(town: TownIdentity, reference: string): StatusMessageInput[] {
  const common = { town, reference, citizenName: "Camille Martin" };
  return [
    {
      ...common,
      kind: "reply",
      serviceName: "Urbanisme et droit des sols",
      replyText: "Votre terrain est situé en zone UB du plan local d'urbanisme.\n\nLe règlement de la zone est joint.",
      agentName: "Dominique Leroy",
      agentRole: "instructrice des autorisations d'urbanisme",
    },
    {
      ...common,
      kind: "waiting-for-citizen",
      serviceName: "État civil et formalités",
      missing: ["Copie d'une pièce d'identité", "Justificatif de domicile"],
      respondBy: "2026-12-18",
      decisionPending: true,
    },
    {
      ...common,
      kind: "closed",
      serviceName: "Services techniques — voirie, éclairage public, réseaux",
      summary: null,
    },
    {
      ...common,
      kind: "rerouted",
      previousServiceName: "Accueil et orientation (standard unique)",
      service: {
        name: "Espaces verts, environnement et propreté",
        postalAddress: "1 place de la Mairie, Brain-sur-l'Authion, 49800 Loire-Authion",
        email: "espaces-verts@mairie.loire-authion.example",
        phone: "02 41 00 01 21",
      },
    },
  ];
}
