// Vitest setup file for every project: property-based tests (fast-check) replay one fixed seed, so a
// test run is reproducible and a red CI means a regression, not an unlucky draw that blocks a landing.
// Explore other inputs with GUICHET_FUZZ_SEED=<integer>, or GUICHET_FUZZ_SEED=random; a failure prints
// its seed and its shrunk counterexample, which is then kept as a regression example in the test.
import fc from "fast-check";

const DEFAULT_SEED = 20261207;
const chosen = process.env.GUICHET_FUZZ_SEED;
if (chosen !== "random") {
  const seed = chosen === undefined || chosen === "" ? DEFAULT_SEED : Number(chosen);
  if (!Number.isInteger(seed)) throw new Error(`GUICHET_FUZZ_SEED must be an integer or "random", not ${chosen}`);
  fc.configureGlobal({ seed });
}
