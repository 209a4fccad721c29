#!/usr/bin/env node
// The operator CLI. TypeScript sources run through tsx, so nothing needs building first.
import { register } from "tsx/esm/api";

register();
await import("../src/main.ts");
