/**
 * Parses every setting once, at start: flags win over environment variables, which win over defaults.
 * A bad value stops the start with a message that names the setting and what it accepts.
 *
 * @example
 * const config = loadConfig(process.env, { port: '9000' });
 */
import type { z } from 'zod';
import { type Config, SETTINGS, type SettingName } from './settings.ts';

export { type Config, SETTINGS, type SettingName } from './settings.ts';

export class ConfigError extends Error {
  override name = 'ConfigError';
}

type Source = Partial<Record<string, string | boolean | number | undefined>>;

function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_value') return `one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
  return issue.message;
}

export function loadConfig(env: Source, flags: Partial<Record<SettingName, unknown>> = {}): Config {
  const out: Record<string, unknown> = {};
  const errors: string[] = [];
  for (const [name, s] of Object.entries(SETTINGS)) {
    const raw = flags[name as SettingName] ?? env[s.env];
    const parsed = s.schema.safeParse(
      raw === '' && name !== 'redisUrl' && !name.startsWith('llm') && name !== 'databaseUrl' ? undefined : raw,
    );
    if (parsed.success) out[name] = parsed.data;
    else {
      const got = s.secret ? '(hidden)' : JSON.stringify(raw);
      errors.push(`${s.env} (--${s.flag}) is invalid: ${describeIssue(parsed.error.issues[0]!)}; got ${got}`);
    }
  }
  // A database URL alone means PostgreSQL; --store says so explicitly, and must not contradict it.
  if (out.store === 'auto') out.store = out.databaseUrl === '' ? 'duckdb' : 'postgres';
  else if (out.store === 'postgres' && out.databaseUrl === '') {
    errors.push('TASKSHARE_DATABASE_URL (--database-url) is required when TASKSHARE_STORE is "postgres"');
  } else if (out.store === 'duckdb' && out.databaseUrl !== '') {
    errors.push(
      'TASKSHARE_STORE (--store) is "duckdb" but TASKSHARE_DATABASE_URL (--database-url) is set: unset the database URL, or use ' +
        '--store postgres',
    );
  }
  if (errors.length > 0) throw new ConfigError(errors.join('\n'));
  return out as Config;
}

/** The effective configuration with secrets masked, for `taskshare config` and the start log. */
export function describeConfig(config: Config): Array<{ name: SettingName; env: string; value: string }> {
  return (Object.keys(SETTINGS) as SettingName[]).map((name) => {
    const s = SETTINGS[name] as { env: string; secret?: boolean };
    const value = config[name];
    const shown = s.secret && value !== '' ? '****' : String(value);
    return { name, env: s.env, value: shown };
  });
}
