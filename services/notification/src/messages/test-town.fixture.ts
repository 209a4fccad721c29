import type { TownIdentity } from "./town-identity.types.ts";

/** The Loire-Authion identity used by the tests and the benchmark (fictional contacts). */
export function loireAuthionTown(overrides: Partial<TownIdentity> = {}): TownIdentity {
  return {
    name: "Loire-Authion",
    mayorTitle: "Monsieur le Maire",
    postalAddress: "1 place de la Mairie, Brain-sur-l'Authion, 49800 Loire-Authion",
    websiteUrl: "https://www.loire-authion.example",
    administrativeCourt: {
      name: "Tribunal administratif de Nantes",
      address: "6 allée de l'Île-Gloriette, 44041 Nantes Cedex 01",
    },
    senderAddress: "noreply@mairie.loire-authion.example",
    contactEmail: "accueil@mairie.loire-authion.example",
    phone: "02 41 00 00 00",
    partnerNames: { alm: "Angers Loire Métropole" },
    trackingUrl: (reference) => `https://guichet.loire-authion.example/suivi/${encodeURIComponent(reference)}`,
    ...overrides,
  };
}
