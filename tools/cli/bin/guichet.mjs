#!/usr/bin/env node
// The operator CLI. TypeScript sources run through tsx, so nothing needs building first; the
// repository's compiler options (legacy decorators, for NestJS) apply wherever it is started from.
import { fileURLToPath } from "node:url";
import { register } from "tsx/esm/api";

process.env.TSX_TSCONFIG_PATH ??= fileURLToPath(new URL("../../../tsconfig.nest.json", import.meta.url));
register({ tsconfig: process.env.TSX_TSCONFIG_PATH });
await import("../src/main.ts");
