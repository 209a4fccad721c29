/** Explicit injection tokens: the TypeScript runners emit no decorator metadata. */
export const SUBMIT_REQUEST = Symbol("SubmitRequestUseCase");
