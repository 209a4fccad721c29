/** routing's PostgreSQL schema (kept here so the desk's raw statements do not import the app). */
export const ROUTING_SCHEMA_NAME = "routing";
