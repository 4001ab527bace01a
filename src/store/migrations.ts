/**
 * Versioned schema migrations, shared by both stores: each store lists its migrations (1, 2, ...),
 * records the applied ones in `schema_migrations`, applies the missing ones in order at start, and
 * refuses a schema newer than the code knows. Version 1 is the schema the code had before versions
 * (created with IF NOT EXISTS, plus its ad-hoc widening), so a store made by older code upgrades in place.
 */
export interface Migration {
  version: number;
  description: string;
  statements: string[];
}

/** A schema written by a newer taskshare: this one must not touch it. */
export class SchemaTooNewError extends Error {
  override name = 'SchemaTooNewError';
  constructor(
    readonly where: string,
    readonly found: number,
    readonly known: number,
  ) {
    super(`the ${where} schema is at version ${found}, newer than this taskshare knows (${known})`);
  }
}

/** The store's side: run SQL, in a transaction when asked. */
export interface MigrationTarget {
  where: string;
  appliedVersions(): Promise<number[]>;
  /** Applies one migration's statements and records its version, in one transaction. */
  apply(migration: Migration): Promise<void>;
}

export function latestVersion(migrations: readonly Migration[]): number {
  return migrations.reduce((m, x) => Math.max(m, x.version), 0);
}

/** Applies what is missing; the caller holds whatever lock keeps other instances out meanwhile. */
export async function runMigrations(target: MigrationTarget, migrations: readonly Migration[]): Promise<number[]> {
  const applied = new Set(await target.appliedVersions());
  const known = latestVersion(migrations);
  const newest = Math.max(0, ...applied);
  if (newest > known) throw new SchemaTooNewError(target.where, newest, known);
  const done: number[] = [];
  for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
    if (applied.has(m.version)) continue;
    await target.apply(m);
    done.push(m.version);
  }
  return done;
}

export const MIGRATIONS_TABLE = 'schema_migrations';
