/** Injection token of the experiments' repository, use case and report builder (ExperimentsDeps). */
export const EXPERIMENTS = Symbol("EXPERIMENTS");
