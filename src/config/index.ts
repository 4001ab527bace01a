/**
 * Parses every setting once, at start: flags win over environment variables, which win over defaults.
 * A bad value stops the start with a message that names the setting and what it accepts.
 *
 * @example
 * const config = loadConfig(process.env, { port: '9000' });
 */
import { z } from 'zod';
import { type Config, SETTINGS, type SettingName } from './settings.ts';

export { type Config, SETTINGS, type SettingName } from './settings.ts';
export { OTHER_VARIABLES, type UnknownVariable, unknownVariables } from './variables.ts';

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
  // An LLM mode with nowhere to send the requests would quietly classify with the built-in model only.
  if (out.llmMode !== undefined && out.llmMode !== 'off' && out.llmUrl === '') {
    errors.push(
      `TASKSHARE_LLM_MODE (--llm-mode) is "${out.llmMode}" but TASKSHARE_LLM_URL (--llm-url) is not set: ` +
        'set the LLM server URL, or use --llm-mode off',
    );
  }
  if (errors.length > 0) throw new ConfigError(errors.join('\n'));
  return out as Config;
}

/** A setting's default, as parsed (undefined when it has none). */
export function settingDefault(name: SettingName): unknown {
  const parsed = SETTINGS[name].schema.safeParse(undefined);
  return parsed.success ? parsed.data : undefined;
}

/** The values a setting accepts when they are a fixed list (an enum), for --help. */
export function settingChoices(name: SettingName): string[] | undefined {
  let schema: z.ZodType = SETTINGS[name].schema;
  if (schema instanceof z.ZodDefault) schema = schema.unwrap() as z.ZodType;
  return schema instanceof z.ZodEnum ? schema.options.map(String) : undefined;
}

/** The effective configuration with secrets masked, for `taskshare config` (its table and its JSON rows). */
export function describeConfig(config: Config): Array<{ name: SettingName; env: string; value: unknown }> {
  return (Object.keys(SETTINGS) as SettingName[]).map((name) => {
    const s = SETTINGS[name] as { env: string; secret?: boolean };
    const value = config[name];
    return { name, env: s.env, value: s.secret && value !== '' ? '****' : value };
  });
}
