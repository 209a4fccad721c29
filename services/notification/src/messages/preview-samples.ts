import type { LegalRegime, RequestReceivedV1, RequestRoutedV1 } from "@guichet/contracts";

/**
 * Fictional requests used by the admin preview and the tests: realistic enough for a town to judge
 * its wording, with no real person's data.
 */

const SAMPLE_REQUEST_ID = "0190d7a4-5b6c-7d8e-9f00-112233445566";

export function sampleReceived(overrides: Partial<RequestReceivedV1> = {}): RequestReceivedV1 {
  return {
    requestId: SAMPLE_REQUEST_ID,
    reference: "LA-2026-000123",
    channel: "web",
    siteId: null,
    receivedAt: "2026-11-28T14:05:00.000Z",
    citizen: {
      name: "Camille Martin",
      email: "camille.martin@example.org",
      phone: null,
      postalAddress: "12 rue des Lilas, Andard, 49800 Loire-Authion",
      preferredChannel: "email",
    },
    subjectId: null,
    title: "Demande d'autorisation",
    body: "Bonjour,\n\nJe souhaite obtenir une autorisation pour le 12 décembre.\n\nMerci d'avance.",
    metadata: {},
    attachments: [],
    evidenceId: null,
    trackingTokenHash: null,
    enteredBy: null,
    ...overrides,
  };
}

interface SampleSubject {
  id: string;
  serviceId: string;
  serviceName: string;
  label: string;
  decisionDelay: string | null;
}

/** One catalogue subject per regime, taken from the Loire-Authion demo catalogue. */
export const sampleSubjects: Readonly<Record<LegalRegime, SampleSubject>> = {
  sva: {
    id: "cimetieres.concession",
    serviceId: "cimetieres",
    serviceName: "Cimetières et affaires funéraires",
    label: "Concession funéraire, inhumation, entretien des cimetières",
    decisionDelay: "P2M",
  },
  svr: {
    id: "etat-civil.attestation-accueil",
    serviceId: "etat-civil",
    serviceName: "État civil et formalités",
    label: "Attestation d'accueil, légalisation de signature, certificat de vie",
    decisionDelay: "P1M",
  },
  information: {
    id: "urbanisme.renseignement",
    serviceId: "urbanisme",
    serviceName: "Urbanisme et droit des sols",
    label: "Renseignement d'urbanisme",
    decisionDelay: null,
  },
  document: {
    id: "etat-civil.acte",
    serviceId: "etat-civil",
    serviceName: "État civil et formalités",
    label: "Copie ou extrait d'acte (naissance, mariage, décès)",
    decisionDelay: null,
  },
  external: {
    id: "alm.dechets",
    serviceId: "alm",
    serviceName: "Angers Loire Métropole — déchets, eau, assainissement, transports (orientation)",
    label: "Collecte des déchets, bacs, déchèteries",
    decisionDelay: null,
  },
};

export function sampleRouted(
  regime: LegalRegime,
  overrides: { decisionDelay?: string | null; firstResponseBusinessDays?: number; received?: RequestReceivedV1 } = {},
): RequestRoutedV1 {
  const subject = sampleSubjects[regime];
  const received = overrides.received ?? sampleReceived();
  return {
    requestId: received.requestId,
    reference: received.reference,
    serviceId: subject.serviceId,
    subjectId: subject.id,
    method: "rule",
    confidence: 0.92,
    explanation: "sample",
    catalogVersion: 1,
    handling: {
      service: {
        id: subject.serviceId,
        name: subject.serviceName,
        email: `${subject.serviceId}@mairie.loire-authion.example`,
        phone: "02 41 00 01 03",
        postalAddress: "1 place de la Mairie, Brain-sur-l'Authion, 49800 Loire-Authion",
        calendarId: "back-office",
      },
      subject: {
        id: subject.id,
        label: subject.label,
        regime,
        decisionDelay: overrides.decisionDelay === undefined ? subject.decisionDelay : overrides.decisionDelay,
      },
      targets: {
        acknowledgementBusinessDays: 1,
        firstResponseBusinessDays: overrides.firstResponseBusinessDays ?? 5,
        resolutionBusinessDays: 20,
      },
    },
    routedAt: new Date(new Date(received.receivedAt).getTime() + 60_000).toISOString(),
  };
}
