import {
  type CompiledTemplate,
  compileTemplate,
  renderTemplate,
  TemplateSyntaxError,
  type TemplateValues,
} from "./template.renderer.ts";
import type { Locale } from "./town-identity.types.ts";
import { typesetTemplate } from "./typography.util.ts";
import { isTemplateKey, type TemplateKey, templatePlaceholders } from "./wording.catalog.ts";
import { englishWording } from "./wording.en.ts";
import { frenchWording } from "./wording.fr.ts";

/** A town's wording, per locale and template key. Keys are plain strings: they come from an admin form. */
export type WordingOverrides = Partial<Record<Locale, Readonly<Record<string, string>>>>;

export interface TemplateIssue {
  locale: Locale;
  key: string;
  problem: "unknown-key" | "unknown-placeholder" | "syntax";
  /** The offending placeholder, for "unknown-placeholder". */
  placeholder?: string;
  message: string;
}

export class TemplateOverrideError extends Error {
  constructor(readonly issues: readonly TemplateIssue[]) {
    super(issues.map((issue) => issue.message).join("\n"));
    this.name = "TemplateOverrideError";
  }
}

/** The wording of one locale, compiled: renders a key with its values into typeset plain text. */
export interface Wording {
  readonly locale: Locale;
  text(key: TemplateKey, values?: TemplateValues): string;
}

const defaults: Readonly<Record<Locale, Readonly<Record<TemplateKey, string>>>> = {
  fr: frenchWording,
  en: englishWording,
};

/** Checks a town's overrides without throwing, so the admin page can show every problem at once. */
export function validateTemplateOverrides(overrides: WordingOverrides): TemplateIssue[] {
  const issues: TemplateIssue[] = [];
  for (const [locale, entries] of localeEntries(overrides)) {
    for (const [key, source] of Object.entries(entries)) {
      const checked = checkOverride(locale, key, source);
      if ("issue" in checked) issues.push(checked.issue);
      else issues.push(...checked.placeholderIssues);
    }
  }
  return issues;
}

function localeEntries(overrides: WordingOverrides): [Locale, Readonly<Record<string, string>>][] {
  const out: [Locale, Readonly<Record<string, string>>][] = [];
  if (overrides.fr) out.push(["fr", overrides.fr]);
  if (overrides.en) out.push(["en", overrides.en]);
  return out;
}

function checkOverride(
  locale: Locale,
  key: string,
  source: string,
): { issue: TemplateIssue } | { template: CompiledTemplate; placeholderIssues: TemplateIssue[] } {
  if (!isTemplateKey(key)) {
    return { issue: { locale, key, problem: "unknown-key", message: `Unknown template key "${key}" (${locale})` } };
  }
  let template: CompiledTemplate;
  try {
    template = compileTemplate(typesetTemplate(source, locale));
  } catch (error) {
    if (!(error instanceof TemplateSyntaxError)) throw error;
    return { issue: { locale, key, problem: "syntax", message: `Template "${key}" (${locale}): ${error.message}` } };
  }
  const allowed: readonly string[] = templatePlaceholders[key];
  const placeholderIssues = [...template.names]
    .filter((name) => !allowed.includes(name))
    .map(
      (name): TemplateIssue => ({
        locale,
        key,
        problem: "unknown-placeholder",
        placeholder: name,
        message: `Template "${key}" (${locale}): unknown placeholder {{${name}}}; allowed: ${allowed.join(", ") || "none"}`,
      }),
    );
  return { template, placeholderIssues };
}

const cache = new WeakMap<WordingOverrides, Map<Locale, Wording>>();
const defaultCache = new Map<Locale, Wording>();

/**
 * The wording of a locale with the town's overrides applied. Throws TemplateOverrideError naming
 * the exact key (and placeholder) when an override is invalid: a broken override must stop the
 * deployment's preview, never silently fall back to wording the town did not approve.
 */
export function resolveWording(locale: Locale, overrides?: WordingOverrides): Wording {
  const memo = overrides ? (cache.get(overrides) ?? new Map<Locale, Wording>()) : defaultCache;
  if (overrides) cache.set(overrides, memo);
  const known = memo.get(locale);
  if (known) return known;

  const compiled = new Map<TemplateKey, CompiledTemplate>();
  for (const [key, source] of Object.entries(defaults[locale]) as [TemplateKey, string][]) {
    compiled.set(key, compileTemplate(typesetTemplate(source, locale)));
  }
  // Every locale is checked, not only this one: an invalid override is refused wherever it sits.
  const issues = overrides ? validateTemplateOverrides(overrides) : [];
  if (issues.length > 0) throw new TemplateOverrideError(issues);
  for (const [key, source] of Object.entries(overrides?.[locale] ?? {})) {
    const checked = checkOverride(locale, key, source);
    if ("template" in checked && isTemplateKey(key)) compiled.set(key, checked.template);
  }

  const wording: Wording = {
    locale,
    text(key, values = {}) {
      const template = compiled.get(key);
      if (!template) throw new Error(`No wording for "${key}"`);
      return renderTemplate(template, values);
    },
  };
  memo.set(locale, wording);
  return wording;
}
