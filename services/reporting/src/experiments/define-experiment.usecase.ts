import { createEvent, experimentComparisonSchema } from "@guichet/contracts";
import { type Outbox, withPgTransaction } from "@guichet/db";
import { validateInput } from "@guichet/runtime";
import type { StaffIdentity } from "@guichet/web";
import type pg from "pg";
import { z } from "zod";
import type { ExperimentRepository } from "./experiment.repository.ts";
import type { Experiment } from "./experiment.types.ts";

const id = z
  .string()
  .trim()
  .regex(/^[a-z0-9][a-z0-9.-]*$/, "minuscules, chiffres, points et tirets (ex. annexe-brain-2026)")
  .max(80);
const day = z.iso.date("date attendue AAAA-MM-JJ");
const ids = z.array(id).max(200).default([]);

/** What a manager submits (the API body, or the page's form once parsed). */
export const experimentInputSchema = z
  .object({
    id,
    name: z.string().trim().min(1, "indiquez un nom").max(200),
    hypothesis: z.string().trim().min(1, "indiquez l’hypothèse testée").max(2000),
    change: z.string().trim().min(1, "décrivez le changement apporté").max(2000),
    from: day,
    to: day,
    siteIds: ids,
    channels: z
      .array(z.enum(["web", "email", "phone", "counter", "postal"]))
      .max(5)
      .default([]),
    subjectIds: ids,
    serviceIds: ids,
    comparison: experimentComparisonSchema,
  })
  .refine((e) => e.from <= e.to, { path: ["to"], message: "la fin précède le début" })
  .refine((e) => e.comparison.kind !== "before" || e.comparison.from <= e.comparison.to, {
    path: ["comparison", "to"],
    message: "la fin de la période de référence précède son début",
  })
  .refine((e) => e.comparison.kind !== "before" || e.comparison.to < e.from, {
    path: ["comparison", "to"],
    message: "la période de référence doit finir avant le début de l’expérimentation",
  })
  .refine((e) => e.comparison.kind !== "group" || e.siteIds.length > 0, {
    path: ["siteIds"],
    message: "un groupe témoin compare des sites : indiquez les sites de l’expérimentation",
  })
  .refine((e) => e.comparison.kind !== "group" || !e.comparison.siteIds.some((s) => e.siteIds.includes(s)), {
    path: ["comparison", "siteIds"],
    message: "un site ne peut pas être à la fois expérimenté et témoin",
  });

/** Records (or redefines) an experiment and announces it (experiment.defined) in one transaction. */
export class DefineExperimentUseCase {
  constructor(
    private readonly pool: pg.Pool,
    private readonly repository: ExperimentRepository,
    private readonly outbox: Outbox,
  ) {}

  async execute(input: unknown, staff: StaffIdentity, now = new Date()): Promise<Experiment> {
    const parsed = validateInput(experimentInputSchema, input, "experiment");
    const experiment: Experiment = { ...parsed, definedBy: staff.id, definedAt: now.toISOString() };
    await withPgTransaction(this.pool, async (tx) => {
      await this.repository.save(tx, experiment);
      await this.outbox.enqueue(
        tx,
        createEvent("experimentDefined", {
          experimentId: experiment.id,
          ...parsed,
          definedBy: staff.id,
          definedAt: experiment.definedAt,
        }),
      );
    });
    return experiment;
  }
}
