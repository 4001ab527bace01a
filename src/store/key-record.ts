/** A stored api_keys row (the same columns in every store) as an ApiKeyRecord. */
import type { ApiKeyRecord, Scope } from './interface.ts';

export function toKeyRecord(row: Record<string, unknown>): ApiKeyRecord {
  return {
    id: String(row.id),
    account: String(row.account),
    prefix: String(row.prefix),
    scopes: String(row.scopes).split(',').filter(Boolean) as Scope[],
    createdAt: timestamp(row.created_at)!,
    revokedAt: timestamp(row.revoked_at),
  };
}

/**
 * A timestamp column as ISO 8601: PostgreSQL's TIMESTAMPTZ arrives as a Date, DuckDB's TIMESTAMP as
 * microseconds since the epoch (UTC), and a store not yet migrated holds the ISO text itself.
 */
function timestamp(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString();
  const micros = (value as { micros?: unknown }).micros;
  if (typeof micros === 'bigint') return new Date(Number(micros / 1000n)).toISOString();
  return String(value);
}
