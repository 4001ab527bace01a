/**
 * The limits every field of an event is held to, in one place (docs/api.md "Field limits" lists them).
 * Each exists because a value past it reached the store and failed the whole batch, or worse:
 * a token count near 2^63 overflowed the daily rollup and took the read endpoint down.
 */

/** Most tokens in one field of one request: a billion is far past any model's context or output. */
export const MAX_TOKENS = 1_000_000_000;

/** Longest `id`, `model`, `app` and `user`, in characters (code points), as the schema says. */
export const MAX_LENGTH = { id: 256, model: 256, app: 256, user: 1024 } as const;

/**
 * Deepest nesting of arrays and objects in one record (the record itself is level 1). Real request
 * bodies stay under 20 even with JSON-schema tools; 4,000 levels overflowed the stack of code that walks them.
 */
export const MAX_DEPTH = 64;

/** Earliest timestamp taken: nothing of an LLM gateway's traffic predates it, and year 0000 broke PostgreSQL. */
export const MIN_TIMESTAMP_MS = Date.parse('2020-01-01T00:00:00Z');
export const MIN_TIMESTAMP_TEXT = '2020-01-01';

/** Up to one day ahead is clock skew; more is a bad timestamp. */
export const MAX_FUTURE_MS = 86_400_000;

/**
 * A numeric timestamp below this is epoch seconds, otherwise epoch milliseconds. 10^11 seconds is the
 * year 5138, and 10^11 milliseconds is 1973: both far outside the accepted range, so no instant
 * between MIN_TIMESTAMP and the year 5138 is ambiguous.
 */
export const EPOCH_SECONDS_BELOW = 1e11;
