/**
 * API keys: made here, shown once, stored only as a SHA-256 hash (keys are 192 random bits, so a plain
 * hash is safe and lets a request be looked up by hash in one step).
 *
 * @example
 * const { key, record } = await keys.create('acme', ['read']);
 * const auth = await keys.authenticate(`Bearer ${key}`); // { kind: 'valid', key: record }
 */
import { createHash, randomBytes } from 'node:crypto';
import type { ApiKeyRecord, KeyStore, Scope } from '../store/interface.ts';

export const KEY_PREFIX = 'tsk_';
const KEY_SHAPE = /^tsk_[A-Za-z0-9_-]{32}$/;
const CACHE_LIMIT = 10_000;
const CACHE_TTL_MS = 30_000;

export type AuthResult =
  | { kind: 'missing' }
  | { kind: 'malformed' }
  | { kind: 'invalid' }
  | { kind: 'valid'; key: ApiKeyRecord };

export const hashKey = (key: string): string => createHash('sha256').update(key).digest('hex');

export class KeyService {
  /**
   * key -> record (or null for unknown): every request authenticates, so neither the hash nor the
   * store is in the hot path. In memory only; cleared whenever a key is created or revoked here, and
   * entries expire, so a key revoked through another server sharing the store stops working too.
   */
  private readonly cache = new Map<string, { record: ApiKeyRecord | null; expires: number }>();

  constructor(private readonly store: KeyStore, private readonly cacheTtlMs = CACHE_TTL_MS) {}

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
    this.cache.clear(); // it may hold a negative entry for this very key
    return { key, record };
  }

  list(): Promise<ApiKeyRecord[]> {
    return this.store.listKeys();
  }

  async revoke(id: string): Promise<boolean> {
    const found = await this.store.revokeKey(id);
    this.cache.clear();
    return found;
  }

  /** Reads `Authorization: Bearer <key>`; the header must hold one value. */
  async authenticate(header: string | undefined): Promise<AuthResult> {
    if (header === undefined || header.trim() === '') return { kind: 'missing' };
    const match = /^Bearer[ ]+(\S+)\s*$/i.exec(header);
    if (!match) return { kind: 'malformed' };
    const key = match[1]!;
    if (!KEY_SHAPE.test(key)) return { kind: 'invalid' };
    const now = Date.now();
    let entry = this.cache.get(key);
    if (entry === undefined || entry.expires < now) {
      entry = { record: (await this.store.findKeyByHash(hashKey(key))) ?? null, expires: now + this.cacheTtlMs };
      if (this.cache.size >= CACHE_LIMIT) this.cache.clear();
      this.cache.set(key, entry);
    }
    const record = entry.record;
    if (record === null || record.revokedAt !== null) return { kind: 'invalid' };
    return { kind: 'valid', key: record };
  }
}
