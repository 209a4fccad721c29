export { AppError, type AppErrorCode, type FieldProblem, httpStatusOf } from "./app-error.ts";
export {
  type BaseEnv,
  baseEnvSchema,
  ConfigError,
  type InfrastructureOptions,
  infrastructureOptions,
  parseEnv,
} from "./config.ts";
export { frenchIssue, yamlAliasMessage, yamlSyntaxMessage } from "./french-problems.ts";
export { HttpErrorFilter } from "./http-error.filter.ts";
export { runMain } from "./run-main.ts";
export { type RunningService, type ServiceInfrastructure, type ServiceSpec, startService } from "./start-service.ts";
export { INFRASTRUCTURE } from "./tokens.ts";
export { validateInput } from "./validate.ts";
