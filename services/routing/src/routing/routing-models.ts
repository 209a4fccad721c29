import type { PrismaClient } from "../../generated/prisma/client.ts";
import type { Catalog } from "../catalog/catalog.ts";
import { trainRoutingModel } from "../domain/model-training.ts";
import type { LabelledRequest } from "../domain/routing-evaluation.ts";
import { NaiveBayesClassifier, type TrainingExample } from "../domain/text-classifier.ts";

export interface ActiveModel {
  version: number;
  classifier: NaiveBayesClassifier;
}

export interface TrainingSummary {
  version: number;
  examples: number;
  historyExamples: number;
  bootstrapExamples: number;
  source: string;
  trainingMs: number;
}

/**
 * Below this many routed requests of its own, the town's model also learns from the labelled
 * requests shipped with Guichet (bench/labelled-requests.jsonl): a fresh install routes from day one.
 */
const BOOTSTRAP_UNTIL = 500;

/** Decisions and the model are routing's; the desk case holds the request's subject after a triage pick or a transfer. */
type ModelStore = Pick<PrismaClient, "routingModel" | "routingDecision" | "deskCase">;

/** The learned routing model: trained from the town's routed history, stored with a version. */
export class RoutingModels {
  private active: ActiveModel | null = null;

  constructor(
    private readonly db: ModelStore,
    /** Loaded on demand: only needed while the history is short. */
    private readonly bootstrap: () => Promise<readonly LabelledRequest[]>,
  ) {}

  current(): ActiveModel | null {
    return this.active;
  }

  /** Loads the newest model; trains the first one when the database has none. */
  async load(catalog: { version: number; catalog: Catalog }): Promise<ActiveModel> {
    const latest = await this.db.routingModel.findFirst({ orderBy: { version: "desc" } });
    if (latest) {
      this.active = { version: latest.version, classifier: NaiveBayesClassifier.fromJSON(JSON.parse(latest.model)) };
      return this.active;
    }
    const { version } = await this.train(catalog, "system");
    const active = this.active as ActiveModel | null;
    if (!active || active.version !== version) throw new Error("model training did not activate a model");
    return active;
  }

  /** Picks up a model trained by another process (`guichet routing train`). */
  async refresh(): Promise<ActiveModel | null> {
    const latest = await this.db.routingModel.findFirst({ orderBy: { version: "desc" }, select: { version: true } });
    if (latest && latest.version !== this.active?.version) {
      const row = await this.db.routingModel.findUniqueOrThrow({ where: { version: latest.version } });
      this.active = { version: row.version, classifier: NaiveBayesClassifier.fromJSON(JSON.parse(row.model)) };
    }
    return this.active;
  }

  /**
   * The town's history: each decided request labelled with the subject it has now. The desk case
   * (maintained by the desk from request.routed — "manual" for triage picks — and
   * request.transferred) overrides the automatic decision, so agents' corrections teach the model;
   * a request moved without a subject, or still waiting in triage, teaches nothing.
   */
  async history(): Promise<TrainingExample[]> {
    const decisions = await this.db.routingDecision.findMany({
      where: { trainingTerms: { not: "" } },
      select: { requestId: true, trainingTerms: true, subjectId: true },
    });
    const cases = await this.db.deskCase.findMany({
      where: { queue: "service" },
      select: { requestId: true, subjectId: true },
    });
    const current = new Map(cases.map((c) => [c.requestId, c.subjectId]));
    return decisions.flatMap((d) => {
      const subjectId = current.has(d.requestId) ? current.get(d.requestId) : d.subjectId;
      return subjectId ? [{ text: d.trainingTerms, subjectId }] : [];
    });
  }

  /** Trains on the history (plus the labelled bootstrap while it is short), stores and activates. */
  async train(
    active: { version: number; catalog: Catalog },
    createdBy: string,
    history?: readonly TrainingExample[],
  ): Promise<TrainingSummary> {
    const own = history ?? (await this.history());
    const bootstrap =
      own.length < BOOTSTRAP_UNTIL
        ? (await this.bootstrap()).flatMap((r) =>
            r.expectedSubjectId ? [{ text: `${r.title ?? ""}\n${r.body}`, subjectId: r.expectedSubjectId }] : [],
          )
        : [];
    const started = performance.now();
    const classifier = trainRoutingModel([...own, ...bootstrap], active.catalog);
    const trainingMs = performance.now() - started;
    const source = bootstrap.length > 0 ? "history+labelled-bootstrap" : "history";
    const version = await this.db.routingModel
      .findFirst({ orderBy: { version: "desc" }, select: { version: true } })
      .then((latest) => (latest?.version ?? 0) + 1);
    await this.db.routingModel.create({
      data: {
        version,
        model: JSON.stringify(classifier.toJSON()),
        source,
        examples: own.length + bootstrap.length,
        catalogVersion: active.version,
        createdBy,
      },
    });
    this.active = { version, classifier };
    return {
      version,
      examples: own.length + bootstrap.length,
      historyExamples: own.length,
      bootstrapExamples: bootstrap.length,
      source,
      trainingMs,
    };
  }
}
