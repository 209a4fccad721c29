import { describe, expect, it } from "vitest";
import { splitReply } from "./split-reply.ts";

describe("splitReply", () => {
  it("cuts a Gmail attribution wrapped over two lines", () => {
    const text =
      "Voici la pièce.\n\nLe lun. 12 janv. 2026 à 10:02, Mairie <\nne-pas-repondre@mairie.example> a écrit :\n> Bonjour";
    expect(splitReply(text)).toEqual({ newText: "Voici la pièce.", signature: null, hadHistory: true });
  });

  it("cuts English attributions and Outlook separators", () => {
    expect(splitReply("Thanks.\n\nOn Mon, Jan 12, 2026 at 10:02 AM Town <t@x.example> wrote:\n> Hi").newText).toBe(
      "Thanks.",
    );
    expect(splitReply("Oui.\n-----Message d'origine-----\nDe : Mairie\nBonjour").newText).toBe("Oui.");
    expect(splitReply("Yes.\n-----Original Message-----\nFrom: Town").newText).toBe("Yes.");
  });

  it("cuts an Outlook header block and its rule, not a line merely starting with 'De :'", () => {
    const reply =
      "Merci.\n________________________________\nDe : Mairie\nEnvoyé : lundi\nÀ : Moi\nObjet : AR\n\nAncien";
    expect(splitReply(reply).newText).toBe("Merci.");
    const body = "De : Jean Dupont, habitant de Corné.\nJe signale un lampadaire éteint.";
    expect(splitReply(body).newText).toBe(body);
  });

  it("drops interleaved quoted lines", () => {
    expect(splitReply("> question 1 ?\nréponse 1\n> question 2 ?\nréponse 2").newText).toBe("réponse 1\nréponse 2");
  });

  it("keeps the whole message when everything is quoted", () => {
    const text = "> Bonjour Gilles,\n> les travaux bloquent le garage.";
    expect(splitReply(text).newText).toBe(text);
  });

  it("moves the signature after '-- ' out of the body", () => {
    expect(splitReply("Bonjour,\nDemande.\n-- \nOdile Perrin\n02 41 12 34 56")).toEqual({
      newText: "Bonjour,\nDemande.",
      signature: "Odile Perrin\n02 41 12 34 56",
      hadHistory: false,
    });
  });

  it("drops mobile footers", () => {
    expect(splitReply("Un chien errant.\n\nEnvoyé de mon iPhone").newText).toBe("Un chien errant.");
    expect(splitReply("Stray dog.\n\nSent from my Galaxy").newText).toBe("Stray dog.");
  });

  it("keeps a closing formula in the body and moves what follows it to the signature", () => {
    expect(splitReply("Bonjour,\nUn véhicule gêne.\n\nCordialement,\nMarie Martin\n06 12 34 56 78")).toEqual({
      newText: "Bonjour,\nUn véhicule gêne.\n\nCordialement,",
      signature: "Marie Martin\n06 12 34 56 78",
      hadHistory: false,
    });
  });

  it("does not treat a closing word in the middle of a long letter as a signature", () => {
    const lines = ["Bonjour,", "Cordialement vôtre depuis toujours, je vous écris.", ...Array(10).fill("Détail.")];
    expect(splitReply(lines.join("\n")).newText).toBe(lines.join("\n"));
  });

  it("keeps forwarded messages, which are the content the citizen wants read", () => {
    const text = "Pour info.\n\n---------- Forwarded message ---------\nFrom: Syndic\nArbre à élaguer.";
    expect(splitReply(text).newText).toBe(text);
  });

  it("accepts CRLF line endings", () => {
    expect(splitReply("Oui.\r\n\r\nOn Mon, Jan 12 2026, X wrote:\r\n> Q").newText).toBe("Oui.");
  });
});
