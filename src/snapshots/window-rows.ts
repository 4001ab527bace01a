/**
 * The rollup rows of one window as every answer reads them: cut to the top models per tag in the
 * database, or, with a privacy threshold, all of them folded by their distinct users first (a folded
 * model must free its place in the top list for the next one, so the cut comes after the fold).
 */
import { foldBelowMinUsers } from '../shares/privacy.ts';
import type { PrivacySummary } from '../shares/taskshare.ts';
import type { RollupRow } from '../shares/types.ts';
import type { EventStore, RollupFilter } from '../store/interface.ts';

export type WindowStore = Pick<EventStore, 'topRollups' | 'rollups' | 'userCounts'>;

export interface WindowRowsOptions {
  topModels: number;
  /** TASKSHARE_MIN_USERS; undefined or 0: off. */
  minUsers?: number;
  filter?: RollupFilter;
}

export async function windowRows(
  store: WindowStore,
  from: string,
  to: string,
  options: WindowRowsOptions,
): Promise<{ rows: RollupRow[]; privacy: PrivacySummary }> {
  const { minUsers, filter } = options;
  if (!minUsers) {
    return {
      rows: await store.topRollups(from, to, options.topModels, filter),
      privacy: { min_users: null, models_folded: 0, tags_folded: 0 },
    };
  }
  const [rows, users] = await Promise.all([store.rollups(from, to, filter), store.userCounts(from, to, filter)]);
  const fold = foldBelowMinUsers(rows, users, minUsers);
  return { rows: fold.rows, privacy: { min_users: minUsers, models_folded: fold.modelsFolded, tags_folded: fold.tagsFolded } };
}
