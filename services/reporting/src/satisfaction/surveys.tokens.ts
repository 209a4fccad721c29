/** Injection token of the survey repository and use case (SurveysDeps). */
export const SURVEYS = Symbol("SURVEYS");
