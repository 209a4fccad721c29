import { AppError } from "@guichet/runtime";
import type { ServiceScope } from "../reports/report-params.ts";
import type { VolunteerRepository } from "../volunteers/volunteer.repository.ts";
import { compareArms, type MeasureComparison, MIN_COUNT, OVERALL_LEVEL } from "./compare-arms.ts";
import type { ExperimentRepository } from "./experiment.repository.ts";
import { type ArmFigures, armsOf, type Experiment } from "./experiment.types.ts";
import type { ExperimentReportQuery } from "./experiment-report.query.ts";

export interface ExperimentReport {
  experiment: Experiment;
  asOf: string;
  /** Overall confidence of the intervals (simultaneous) and the minimum count to conclude. */
  level: number;
  minCount: number;
  treatment: ArmFigures;
  comparison: ArmFigures;
  measures: MeasureComparison[];
  /** Feedback of the volunteers invited on this experiment (counts and mean only). */
  volunteers: { invited: number; answered: number; averageScore: number | null };
}

/** A manager of some services reads the experiments confined to them; the general manager and admins read all. */
export function canReadExperiment(experiment: Experiment, scope: ServiceScope): boolean {
  return (
    scope === null ||
    (experiment.serviceIds.length > 0 && experiment.serviceIds.every((service) => scope.includes(service)))
  );
}

/** The experiment's report: both arms measured on the projections, then compared. */
export class ExperimentReportBuilder {
  constructor(
    private readonly experiments: ExperimentRepository,
    private readonly query: ExperimentReportQuery,
    private readonly volunteers: VolunteerRepository,
  ) {}

  async experiment(id: string, scope: ServiceScope): Promise<Experiment> {
    const experiment = await this.experiments.find(id);
    if (!experiment) throw new AppError("not-found", "expérimentation introuvable");
    if (!canReadExperiment(experiment, scope))
      throw new AppError("forbidden", "cette expérimentation concerne des services que vous ne gérez pas");
    return experiment;
  }

  async report(id: string, scope: ServiceScope, asOf: Date): Promise<ExperimentReport> {
    const experiment = await this.experiment(id, scope);
    const arms = armsOf(experiment);
    const [treatment, comparison, volunteers] = await Promise.all([
      this.query.arm(arms.treatment, asOf),
      this.query.arm(arms.comparison, asOf),
      this.volunteers.feedback(experiment.id),
    ]);
    return {
      experiment,
      asOf: asOf.toISOString(),
      level: OVERALL_LEVEL,
      minCount: MIN_COUNT,
      treatment,
      comparison,
      measures: compareArms(treatment, comparison),
      // Below 5 answers the mean could point at a person: not shown.
      volunteers: { ...volunteers, averageScore: volunteers.answered >= 5 ? volunteers.averageScore : null },
    };
  }
}
