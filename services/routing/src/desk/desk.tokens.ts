/** What the desk and triage edges need from the configuration. */
export interface DeskSettings {
  /** Key of the signed staff identity header (config.infrastructure.identitySecret). */
  identitySecret: string;
}

export const DESK_SETTINGS = Symbol.for("guichet.routing.desk-settings");
