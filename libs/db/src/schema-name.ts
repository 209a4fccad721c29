// Schema names are interpolated into SQL (identifiers cannot be bound as parameters), so they are
// restricted to plain lower-case PostgreSQL identifiers before any templating happens.
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

export function assertSchemaName(schema: string): string {
  if (!SCHEMA_NAME.test(schema)) {
    throw new Error(`Invalid schema name ${JSON.stringify(schema)}: expected ${SCHEMA_NAME.source}`);
  }
  return schema;
}

/** `"<schema>".<table>`; the schema must have gone through assertSchemaName. */
export function qualified(schema: string, table: string): string {
  return `"${assertSchemaName(schema)}".${table}`;
}

/** Channel that the outbox trigger notifies; kept here so the SQL and the relay agree. */
export function outboxChannel(schema: string): string {
  return `${assertSchemaName(schema)}_outbox`;
}
