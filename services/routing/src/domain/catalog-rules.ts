import type { Catalog } from "../catalog/catalog.ts";
import { foldText } from "./french-text.ts";
import { type CompiledRules, compileRules, type RuleDefinition } from "./keyword-rules.ts";

/**
 * The catalogue's `rules` section as matcher rules. A commune condition becomes the sites of that
 * commune déléguée (a request knows its site of receipt, and the site its commune); when a rule
 * names both sites and communes, both must hold, hence the intersection.
 */
function catalogRuleDefinitions(catalog: Catalog): RuleDefinition[] {
  return catalog.rules.map((rule) => {
    const communes = new Set(rule.communes.map(foldText));
    const communeSites = catalog.sites
      .filter((s) => s.communeDeleguee !== null && communes.has(foldText(s.communeDeleguee)))
      .map((s) => s.id);
    let sites: string[] | undefined;
    if (rule.sites.length > 0 && rule.communes.length > 0) sites = rule.sites.filter((s) => communeSites.includes(s));
    else if (rule.sites.length > 0) sites = rule.sites;
    else if (rule.communes.length > 0) sites = communeSites;
    return {
      id: rule.id,
      when: {
        ...(rule.phrases.length > 0 ? { anyPhrases: rule.phrases } : {}),
        ...(rule.channels.length > 0 ? { channel: rule.channels } : {}),
        ...(sites ? { siteId: sites } : {}),
      },
      // biome-ignore lint/suspicious/noThenProperty: the rule format's own word, never a thenable.
      then: { subjectId: rule.subjectId },
      priority: rule.priority,
    };
  });
}

const compiled = new WeakMap<Catalog, CompiledRules>();

/** Keywords and rules of a catalogue, compiled once per loaded catalogue (catalogues are immutable). */
export function catalogRules(catalog: Catalog): CompiledRules {
  let rules = compiled.get(catalog);
  if (!rules) {
    rules = compileRules(catalog, catalogRuleDefinitions(catalog));
    compiled.set(catalog, rules);
  }
  return rules;
}
