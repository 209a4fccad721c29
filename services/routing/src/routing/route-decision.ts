import type { Channel } from "@guichet/contracts";
import type { Catalog } from "../catalog/catalog.ts";

export interface RouteInput {
  channel: Channel;
  title: string | null;
  body: string;
  siteId: string | null;
  /** Chosen by the citizen or the agent. */
  subjectId: string | null;
}

export interface RouteDecision {
  serviceId: string;
  subjectId: string | null;
  method: "direct" | "rule" | "model" | "triage";
  confidence: number;
  explanation: string;
}

/** Decides where a request goes; pure, so `guichet route --explain` can run it without storing. */
export type Router = (input: RouteInput, catalog: Catalog) => RouteDecision;
