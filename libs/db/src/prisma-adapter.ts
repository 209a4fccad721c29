import { PrismaPg } from "@prisma/adapter-pg";
import { assertSchemaName } from "./schema-name.ts";

/**
 * Prisma 7 driver adapter bound to a service schema:
 * `new PrismaClient({ adapter: prismaAdapter(url, "intake") })`. The schema option makes Prisma
 * qualify its generated queries, so the service never depends on the connection's search_path.
 */
export function prismaAdapter(connectionString: string, schema: string): PrismaPg {
  return new PrismaPg({ connectionString }, { schema: assertSchemaName(schema) });
}
