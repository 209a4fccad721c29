// The part of oidc-provider's API the OIDC test uses (the package ships no types).
declare module "oidc-provider" {
  import type { Server } from "node:http";

  interface Account {
    accountId: string;
    claims(): Promise<Record<string, unknown>>;
  }

  export default class Provider {
    constructor(
      issuer: string,
      configuration: Record<string, unknown> & {
        findAccount?(context: unknown, id: string): Promise<Account | undefined>;
      },
    );
    listen(port: number): Server;
  }
}
