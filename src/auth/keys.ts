/**
 * API keys: made here, shown once, stored only as a SHA-256 hash (keys are 192 random bits, so a plain
 * hash is safe and lets a request be looked up by hash in one step).
 *
 * @example
 * const { key, record } = await keys.create('acme', ['read']);
 * const auth = await keys.authenticate(`Bearer ${key}`); // { kind: 'valid', key: record }
 */
import { createHash, randomBytes } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import type { ApiKeyRecord, KeyStore, Scope } from '../store/interface.ts';

export const KEY_PREFIX = 'tsk_';
const KEY_SHAPE = /^tsk_[A-Za-z0-9_-]{32}$/;
const CACHE_LIMIT = 10_000;
const CACHE_TTL_MS = 30_000;

export type AuthResult = { kind: 'missing' } | { kind: 'malformed' } | { kind: 'invalid' } | { kind: 'valid'; key: ApiKeyRecord };

export const hashKey = (key: string): string => createHash('sha256').update(key).digest('hex');

export class KeyService {
  /**
   * key -> record, and the keys the store does not know: every request authenticates, so neither the
   * hash nor the store is in the hot path. Two LRUs, so a flood of unknown keys evicts only unknown
   * keys, never a valid one. In memory only; cleared whenever a key is created or revoked here, and
   * entries expire, so a key revoked through another server sharing the store stops working too.
   */
  private readonly known: LRUCache<string, ApiKeyRecord>;
  private readonly unknown: LRUCache<string, true>;

  constructor(
    private readonly store: KeyStore,
    options: { cacheSize?: number; cacheTtlMs?: number } = {},
  ) {
    const max = options.cacheSize ?? CACHE_LIMIT;
    const ttl = options.cacheTtlMs ?? CACHE_TTL_MS;
    this.known = new LRUCache({ max, ttl });
    this.unknown = new LRUCache({ max, ttl });
  }

  async create(account: string, scopes: Scope[]): Promise<{ key: string; record: ApiKeyRecord }> {
    const key = KEY_PREFIX + randomBytes(24).toString('base64url');
    const record: ApiKeyRecord = {
      id: `key_${randomBytes(8).toString('hex')}`,
      account,
      prefix: key.slice(0, 10),
      scopes: [...new Set(scopes)],
      createdAt: new Date().toISOString(),
      revokedAt: null,
    };
    await this.store.createKey(record, hashKey(key));
    this.unknown.delete(key); // were it ever tried before it existed
    return { key, record };
  }

  list(): Promise<ApiKeyRecord[]> {
    return this.store.listKeys();
  }

  async revoke(id: string): Promise<boolean> {
    const found = await this.store.revokeKey(id);
    // Only that key's entries: clearing the whole cache would send every client to the store at once.
    for (const [key, record] of this.known.entries()) if (record.id === id) this.known.delete(key);
    return found;
  }

  /**
   * What can be told without the store: the header's shape and the caches. `undefined` when only a
   * store lookup can tell (a throttled client address is refused then).
   */
  authenticateCached(header: string | undefined): AuthResult | undefined {
    const parsed = parseHeader(header);
    if (typeof parsed !== 'string') return parsed;
    const record = this.known.get(parsed);
    if (record !== undefined) return record.revokedAt === null ? { kind: 'valid', key: record } : { kind: 'invalid' };
    return this.unknown.has(parsed) ? { kind: 'invalid' } : undefined;
  }

  /** Reads `Authorization: Bearer <key>`; the header must hold one value. */
  async authenticate(header: string | undefined): Promise<AuthResult> {
    const key = parseHeader(header);
    if (typeof key !== 'string') return key;
    let record = this.known.get(key);
    if (record === undefined) {
      if (this.unknown.has(key)) return { kind: 'invalid' };
      const found = await this.store.findKeyByHash(hashKey(key));
      if (found === undefined || found === null) {
        this.unknown.set(key, true);
        return { kind: 'invalid' };
      }
      this.known.set(key, found);
      record = found;
    }
    if (record.revokedAt !== null) return { kind: 'invalid' };
    return { kind: 'valid', key: record };
  }
}

/** The key in `Authorization: Bearer <key>`, or the result when the header alone decides it. */
function parseHeader(header: string | undefined): string | AuthResult {
  if (header === undefined || header.trim() === '') return { kind: 'missing' };
  const match = /^Bearer[ ]+(\S+)\s*$/i.exec(header);
  if (!match) return { kind: 'malformed' };
  const key = match[1]!;
  return KEY_SHAPE.test(key) ? key : { kind: 'invalid' };
}
