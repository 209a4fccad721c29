import { openAccounts } from "@guichet/web-gateway";
import { type Command, Option } from "commander";
import { databaseUrlOption, platformDatabaseUrl } from "../platform.ts";

const ROLES = ["reception", "agent", "manager", "admin"];

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  // One line: the password, without its trailing newline (echo "..." | guichet users add ...).
  return Buffer.concat(chunks)
    .toString("utf8")
    .replace(/\r?\n$/, "");
}

async function withAccounts<T>(
  databaseUrl: string | undefined,
  work: (accounts: Awaited<ReturnType<typeof openAccounts>>) => Promise<T>,
) {
  const accounts = await openAccounts(await platformDatabaseUrl(databaseUrl));
  try {
    return await work(accounts);
  } finally {
    await accounts.close();
  }
}

const collect = (value: string, previous: string[]) => [...previous, value];

/** `guichet users`: staff accounts of the web site (local accounts; directory accounts appear at first sign-in). */
export function registerUsers(program: Command): void {
  const users = program.command("users").description("comptes des agents du site (connexion locale)");

  users
    .command("add")
    .description("crée un compte local ; le mot de passe est lu sur l’entrée standard")
    .requiredOption("--id <id>", "identifiant de connexion")
    .requiredOption("--name <name>", "nom affiché")
    .addOption(new Option("--role <role>", "rôle (répétable)").choices(ROLES).argParser(collect).default([]))
    .option("--service <id>", "service du catalogue (répétable)", collect, [])
    .option("--all-services", "accès à tous les services")
    .option("--password-stdin", "lit le mot de passe sur l’entrée standard")
    .addOption(databaseUrlOption())
    .action(
      async (options: {
        id: string;
        name: string;
        role: string[];
        service: string[];
        allServices?: boolean;
        passwordStdin?: boolean;
        databaseUrl?: string;
      }) => {
        if (!options.passwordStdin)
          throw new Error("--password-stdin is required (never pass a password as an argument)");
        const password = await readStdin();
        await withAccounts(options.databaseUrl, async (accounts) => {
          const user = await accounts.manageUsers.create(
            {
              id: options.id,
              name: options.name,
              roles: options.role as never,
              serviceIds: options.service,
              allServices: !!options.allServices,
              password,
            },
            "guichet-cli",
          );
          process.stdout.write(`compte ${user.id} créé (${user.roles.join(", ")})\n`);
        });
      },
    );

  users
    .command("list")
    .description("liste les comptes")
    .addOption(databaseUrlOption())
    .action(async (options: { databaseUrl?: string }) => {
      await withAccounts(options.databaseUrl, async (accounts) => {
        for (const user of await accounts.users.list())
          process.stdout.write(
            `${[user.id, user.roles.join(","), user.allServices ? "*" : user.serviceIds.join(",") || "-", user.oidcSubject ? "annuaire" : "local", user.disabled ? "désactivé" : ""].join("\t")}\n`,
          );
      });
    });

  users
    .command("unlock <id>")
    .description("débloque un compte après trop d’échecs de connexion")
    .addOption(databaseUrlOption())
    .action(async (id: string, options: { databaseUrl?: string }) => {
      await withAccounts(options.databaseUrl, (accounts) => accounts.manageUsers.unlock(id, "guichet-cli"));
      process.stdout.write(`compte ${id} débloqué\n`);
    });

  users
    .command("password <id>")
    .description("change le mot de passe (lu sur l’entrée standard) et ferme les sessions du compte")
    .option("--password-stdin", "lit le mot de passe sur l’entrée standard")
    .addOption(databaseUrlOption())
    .action(async (id: string, options: { passwordStdin?: boolean; databaseUrl?: string }) => {
      if (!options.passwordStdin)
        throw new Error("--password-stdin is required (never pass a password as an argument)");
      const password = await readStdin();
      await withAccounts(options.databaseUrl, (accounts) =>
        accounts.manageUsers.setPassword(id, password, "guichet-cli"),
      );
      process.stdout.write(`mot de passe de ${id} changé\n`);
    });
}
