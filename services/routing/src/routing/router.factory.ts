import { findSubject, triageService } from "../catalog/catalog.ts";
import type { Router } from "./route-decision.ts";

/** Walking skeleton: the subject chosen in the form routes directly; anything else goes to triage. */
export function createRouter(): Router {
  return (input, catalog) => {
    const subject = input.subjectId ? findSubject(catalog, input.subjectId) : undefined;
    if (subject) {
      return {
        serviceId: subject.serviceId,
        subjectId: subject.id,
        method: "direct",
        confidence: 1,
        explanation: `sujet choisi : ${subject.id}`,
      };
    }
    return {
      serviceId: triageService(catalog).id,
      subjectId: null,
      method: "triage",
      confidence: 0,
      explanation: "aucun sujet choisi : accueil central",
    };
  };
}
