/**
 * The demo dataset's life in a store: loaded whole or resumed, never left half; loaded on its own only
 * into the embedded store (a production PostgreSQL gets synthetic events only when asked); removable
 * exactly. A marker kept in the store says where it stands: `loading` is written before the first
 * batch, with the clock the dataset is generated from, and `complete` only after the last; a start
 * that finds `loading` (the last one was killed mid-load) generates the very same events again, and
 * those already stored count as duplicates.
 *
 * @example
 * await prepareDemo('auto', config.store === 'duckdb', { store, ingest, logger, now });
 */
import type { Logger } from 'pino';
import type { IngestService } from '../ingest/service.ts';
import type { Store } from '../store/interface.ts';
import { DEFAULT_DEMO, DEMO_EVENTS, type DemoOptions } from './generate.ts';
import { loadDemo } from './load.ts';

export const DEMO_MARKER = 'demo';

export interface DemoMarker extends DemoOptions {
  state: 'loading' | 'complete' | 'removed';
}

export interface DemoDeps {
  store: Store;
  ingest: IngestService;
  logger: Logger;
  now: () => number;
  /** The retention: no demo day may be older, since ingestion refuses such events. */
  maxDays?: number;
}

export async function readDemoMarker(store: Store): Promise<DemoMarker | undefined> {
  const raw = await store.getMeta(DEMO_MARKER);
  return raw === undefined ? undefined : (JSON.parse(raw) as DemoMarker);
}

const writeMarker = (store: Store, marker: DemoMarker) => store.setMeta(DEMO_MARKER, JSON.stringify(marker));

async function load(deps: DemoDeps, options: DemoOptions): Promise<{ accepted: number; duplicates: number }> {
  await writeMarker(deps.store, { ...options, state: 'loading' });
  const loaded = await loadDemo(deps.ingest, options, undefined, (p) => deps.logger.info(p, 'demo dataset: a batch is in'));
  await writeMarker(deps.store, { ...options, state: 'complete' });
  return loaded;
}

/** At start: completes an interrupted load, then loads as `mode` says (auto: an empty embedded store only). */
export async function prepareDemo(mode: 'auto' | 'on' | 'off', autoAllowed: boolean, deps: DemoDeps): Promise<void> {
  const { store, logger } = deps;
  const marker = await readDemoMarker(store);
  if (marker?.state === 'loading') {
    if (mode === 'off') {
      logger.warn(
        'the demo dataset is loaded only in part (an earlier start was stopped while loading it): start with --demo to complete it, ' +
          'or run `taskshare demo remove`',
      );
      return;
    }
    const { seed, days, perDay, nowMs } = marker;
    const loaded = await load(deps, { seed, days, perDay, nowMs });
    logger.info(
      { alreadyStored: loaded.duplicates, added: loaded.accepted },
      'resumed the interrupted load of the demo dataset: it is complete now',
    );
    return;
  }
  if (mode === 'off') return;
  const empty = (await store.countEvents()) === 0;
  if (mode === 'auto') {
    if (marker !== undefined || !empty) return;
    if (!autoAllowed) {
      logger.info(
        'the demo dataset is loaded automatically only into the embedded DuckDB store; start with --demo to load it into PostgreSQL',
      );
      return;
    }
  }
  const days = Math.min(DEFAULT_DEMO.days, deps.maxDays ?? DEFAULT_DEMO.days);
  const loaded = await load(deps, { ...DEFAULT_DEMO, days, nowMs: deps.now() });
  logger.info(
    { accepted: loaded.accepted, duplicates: loaded.duplicates },
    empty
      ? 'store was empty: loaded the demo dataset (synthetic traffic, 30 days); start with --no-demo to skip it, `taskshare demo ' +
          'remove` removes it'
      : 'demo dataset topped up',
  );
}

/** Deletes the demo's events and what they added to the rollups; an automatic start does not load it again. */
export async function removeDemo(store: Store): Promise<number> {
  const removed = await store.removeEvents(DEMO_EVENTS);
  const marker = await readDemoMarker(store);
  await writeMarker(store, { ...DEFAULT_DEMO, nowMs: 0, ...marker, state: 'removed' });
  return removed;
}
