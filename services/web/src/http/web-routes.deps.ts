import type { Messaging } from "@guichet/messaging";
import type pg from "pg";
import type { AuditRepository } from "../audit/audit.repository.ts";
import type { OidcSignIn } from "../auth/oidc.sign-in.ts";
import type { SessionStore } from "../auth/session.store.ts";
import type { SignInUseCase } from "../auth/sign-in.usecase.ts";
import type { WebConfig } from "../config.ts";
import type { ManageUsersUseCase } from "../users/manage-users.usecase.ts";
import type { UserRepository } from "../users/user.repository.ts";
import type { Gateway } from "./gateway.ts";

/** What the gateway's own routes work with. */
export interface WebRoutesDeps {
  config: WebConfig;
  pool: pg.Pool;
  messaging: Messaging;
  users: UserRepository;
  sessions: SessionStore;
  audit: AuditRepository;
  signIn: SignInUseCase;
  manageUsers: ManageUsersUseCase;
  oidc: OidcSignIn | null;
  gateway: () => Gateway;
}
