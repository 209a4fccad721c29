import { describe, expect, it } from "vitest";
import { composeAcknowledgement } from "./acknowledgement-content.ts";
import { renderAcknowledgementEmail } from "./email.renderer.ts";
import { sampleReceived, sampleRouted } from "./preview-samples.ts";
import { previewAll } from "./template.preview.ts";
import { compileTemplate, renderTemplate, TemplateSyntaxError } from "./template.renderer.ts";
import { loireAuthionTown } from "./test-town.fixture.ts";
import { templatePlaceholders } from "./wording.catalog.ts";
import { englishWording } from "./wording.en.ts";
import { frenchWording } from "./wording.fr.ts";
import { resolveWording, TemplateOverrideError, validateTemplateOverrides } from "./wording.resolver.ts";

describe("template renderer", () => {
  it("substitutes values and renders sections and inverted sections", () => {
    const template = compileTemplate("A{{#x}} [{{x}}]{{/x}}{{^x}} none{{/x}} {{ y }}");
    expect(renderTemplate(template, { x: "1", y: 2 })).toBe("A [1] 2");
    expect(renderTemplate(template, { x: null, y: 0 })).toBe("A none 0");
    expect([...template.names]).toEqual(["x", "y"]);
  });

  it("refuses broken syntax", () => {
    for (const source of ["{{#a}}x", "x{{/a}}", "{{#a}}{{/b}}", "{{a", "a}}", "{{{raw}}}", "{{a b}}"]) {
      expect(() => compileTemplate(source), source).toThrow(TemplateSyntaxError);
    }
  });
});

describe("wording dictionaries", () => {
  it("French and English defaults use only their allowed placeholders", () => {
    expect(validateTemplateOverrides({ fr: frenchWording, en: englishWording })).toEqual([]);
    expect(Object.keys(frenchWording).sort()).toEqual(Object.keys(templatePlaceholders).sort());
  });
});

describe("town overrides", () => {
  it("applies a valid override, with French typography", () => {
    const town = loireAuthionTown({ templates: { fr: { "common.closing": "Bien à vous ! L'équipe." } } });
    const email = renderAcknowledgementEmail(composeAcknowledgement(sampleReceived(), sampleRouted("sva"), town));
    expect(email.text).toContain("Bien à vous\u202F! L’équipe.");
  });

  it("refuses an unknown placeholder, naming the exact key and placeholder", () => {
    const overrides = { fr: { "ack.intro": "Reçu le {{receivedOn}} par {{agentPhone}}." } };
    expect(validateTemplateOverrides(overrides)).toEqual([
      expect.objectContaining({
        locale: "fr",
        key: "ack.intro",
        problem: "unknown-placeholder",
        placeholder: "agentPhone",
      }),
    ]);
    const town = loireAuthionTown({ templates: overrides });
    expect(() => composeAcknowledgement(sampleReceived(), sampleRouted("sva"), town)).toThrow(TemplateOverrideError);
    expect(() => previewAll(town)).toThrow(/"ack\.intro" \(fr\): unknown placeholder \{\{agentPhone\}\}/);
  });

  it("refuses unknown keys and broken syntax, in every locale", () => {
    const issues = validateTemplateOverrides({
      fr: { "ack.nope": "x" },
      en: { "ack.sva": "{{#decisionOn}}unclosed" },
    });
    expect(issues.map(({ key, problem }) => ({ key, problem }))).toEqual([
      { key: "ack.nope", problem: "unknown-key" },
      { key: "ack.sva", problem: "syntax" },
    ]);
    expect(() => resolveWording("fr", { en: { "ack.sva": "{{#x}}" } })).toThrow(TemplateOverrideError);
  });

  it("a placeholder allowed for one key is refused in another", () => {
    const issues = validateTemplateOverrides({ fr: { "ack.svaAttestation": "Le {{decisionOn}}" } });
    expect(issues[0]?.message).toBe(
      'Template "ack.svaAttestation" (fr): unknown placeholder {{decisionOn}}; allowed: none',
    );
  });
});

describe("previewAll", () => {
  it("renders every template with sample data", () => {
    const previews = previewAll(loireAuthionTown());
    expect(previews.map((preview) => preview.id)).toEqual([
      "acknowledgement.sva",
      "acknowledgement.svr",
      "acknowledgement.information",
      "acknowledgement.document",
      "acknowledgement.external",
      "acknowledgement.sva-incomplete",
      "registration",
      "status.reply",
      "status.waiting-for-citizen",
      "status.closed",
      "status.rerouted",
    ]);
    for (const preview of previews) {
      expect(preview.subject).toContain("LA-2026-000123");
      expect(preview.html).toContain('lang="fr"');
      expect(preview.text).not.toContain("{{");
    }
  });
});
