/** A stored api_keys row (the same columns in every store) as an ApiKeyRecord. */
import type { ApiKeyRecord, Scope } from './interface.ts';

export function toKeyRecord(row: Record<string, unknown>): ApiKeyRecord {
  return {
    id: String(row.id),
    account: String(row.account),
    prefix: String(row.prefix),
    scopes: String(row.scopes).split(',').filter(Boolean) as Scope[],
    createdAt: String(row.created_at),
    revokedAt: row.revoked_at === null ? null : String(row.revoked_at),
  };
}
