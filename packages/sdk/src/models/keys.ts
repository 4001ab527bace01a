/** The admin API (an admin key): keys, and the demo dataset. */
import { array, bool, int, nullable, obj, type Parser, req, str } from '../lib/validate.ts';

export type Scope = 'read' | 'ingest' | 'admin';
export const SCOPES: readonly Scope[] = ['read', 'ingest', 'admin'];

export interface ApiKeyInfo {
  id: string;
  account: string;
  /** The key's first characters, to tell keys apart. */
  prefix: string;
  scopes: string[];
  createdAt: string;
  revokedAt: string | null;
}
/** Only the answer to `create` holds the key itself; the server keeps a hash. */
export interface CreatedApiKey extends ApiKeyInfo {
  key: string;
}

export interface CreateKeyRequest {
  account: string;
  /** Default ['read']. */
  scopes?: Scope[];
}

const info = (o: Record<string, unknown>, path: string): ApiKeyInfo => ({
  id: req(o, 'id', path, str),
  account: req(o, 'account', path, str),
  prefix: req(o, 'prefix', path, str),
  scopes: req(o, 'scopes', path, array(str)),
  createdAt: req(o, 'created_at', path, str),
  revokedAt: req(o, 'revoked_at', path, nullable(str)),
});

const data = (v: unknown) => req(obj(v, ''), 'data', '', (x) => x);

export const parseKeyList: Parser<{ data: ApiKeyInfo[] }> = (v) => ({
  data: array((x, p) => info(obj(x, p), p))(data(v), 'data'),
});
export const parseCreatedKey: Parser<{ data: CreatedApiKey }> = (v) => {
  const o = obj(data(v), 'data');
  return { data: { ...info(o, 'data'), key: req(o, 'key', 'data', str) } };
};
export const parseRevoked: Parser<{ data: { id: string; revoked: boolean } }> = (v) => {
  const o = obj(data(v), 'data');
  return { data: { id: req(o, 'id', 'data', str), revoked: req(o, 'revoked', 'data', bool) } };
};
export const parseDemoRemoved: Parser<{ data: { removed: number } }> = (v) => {
  const o = obj(data(v), 'data');
  return { data: { removed: req(o, 'removed', 'data', int) } };
};
