/** Nest injection token of the ServiceInfrastructure (explicit tokens: no decorator metadata is emitted). */
export const INFRASTRUCTURE = Symbol.for("guichet.infrastructure");
