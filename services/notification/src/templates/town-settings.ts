import type { TownIdentity } from "../messages/town-identity.types.ts";
import type { WordingOverrides } from "../messages/wording.resolver.ts";

/**
 * The town identity every message is composed with, plus the wording overrides the town edits
 * through /api/templates (stored in the database, loaded at boot and after each change, and
 * re-read periodically so every instance converges).
 */
export class TownSettings {
  private templates: WordingOverrides | undefined;

  constructor(private readonly base: TownIdentity) {
    this.templates = base.templates;
  }

  current(): TownIdentity {
    return this.templates ? { ...this.base, templates: this.templates } : this.base;
  }

  /** Without the town's overrides: the defaults the admin page shows next to them. */
  defaults(): TownIdentity {
    const { templates: _ignored, ...rest } = this.base;
    return rest;
  }

  setTemplates(overrides: WordingOverrides): void {
    this.templates = Object.keys(overrides).length > 0 ? overrides : this.base.templates;
  }
}
