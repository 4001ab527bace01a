/** The classifier options from the one configuration, so the server and `taskshare classify` agree. */
import type { Config, SettingName } from '../config/index.ts';
import type { ClassifierOptions } from './index.ts';

/** The settings classifierOptions reads: what `taskshare classify` takes as flags. */
export const CLASSIFIER_SETTINGS = [
  'classifierThreshold',
  'llmUrl',
  'llmModel',
  'llmKey',
  'llmMode',
  'llmTimeoutMs',
  'llmRetries',
  'llmConcurrency',
] as const satisfies readonly SettingName[];

export function classifierOptions(config: Config): ClassifierOptions {
  const llmOn = config.llmMode !== 'off' && config.llmUrl !== '';
  return {
    threshold: config.classifierThreshold,
    llm: llmOn
      ? {
          url: config.llmUrl,
          model: config.llmModel,
          key: config.llmKey || undefined,
          mode: config.llmMode,
          timeoutMs: config.llmTimeoutMs,
          retries: config.llmRetries,
          concurrency: config.llmConcurrency,
        }
      : undefined,
  };
}
