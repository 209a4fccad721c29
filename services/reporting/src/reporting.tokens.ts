/** What controllers need from the configuration, injected under REPORTING_CONTEXT. */
export const REPORTING_CONTEXT = Symbol("REPORTING_CONTEXT");

export interface ReportingContext {
  schema: string;
  identitySecret: string;
  matchKey: string;
  townName: string;
  /** Catalogue service ids, for the dashboard's service filter. */
  serviceIds: readonly string[];
}
