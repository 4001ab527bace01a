/**
 * Rollups made before they were kept per app had one row per (day, tag, model). Upgrading splits each
 * such row by the raw events still retained: what events with an app explain goes to that app's row,
 * and the rest (pruned days, requests naming no app) to app ''. Token squares of the rest are not
 * known; they are taken as if its requests were of equal size (tokens^2 / requests, the least they can
 * be), so token intervals of pre-upgrade days are at their narrowest. Cost was not kept before: 0 of 0.
 * The SQL is the same in DuckDB and PostgreSQL.
 */
export function splitRollupsByApp(oldTable: string, newTable: string, events: string): string {
  return `INSERT INTO ${newTable}
    WITH e AS (
      SELECT day, tag, coalesce(model, '') AS model, app, count(*) AS requests,
        sum(prompt_tokens) AS p, sum(completion_tokens) AS c,
        sum((prompt_tokens + completion_tokens)::DOUBLE PRECISION * (prompt_tokens + completion_tokens)) AS sq
      FROM ${events} WHERE app IS NOT NULL AND app <> '' GROUP BY 1, 2, 3, 4),
    attributed AS (
      SELECT e.* FROM e JOIN ${oldTable} r ON r.day = e.day AND r.tag = e.tag AND r.model = e.model),
    rest AS (
      SELECT r.day, r.tag, r.model,
        r.requests - coalesce(sum(a.requests), 0) AS requests,
        r.prompt_tokens - coalesce(sum(a.p), 0) AS p,
        r.completion_tokens - coalesce(sum(a.c), 0) AS c
      FROM ${oldTable} r LEFT JOIN attributed a ON a.day = r.day AND a.tag = r.tag AND a.model = r.model
      GROUP BY r.day, r.tag, r.model, r.requests, r.prompt_tokens, r.completion_tokens)
    SELECT day, tag, model, app, requests, p, c, sq, 0, 0 FROM attributed
    UNION ALL
    SELECT day, tag, model, '', requests, p, c,
      (p + c)::DOUBLE PRECISION * (p + c)::DOUBLE PRECISION / requests, 0, 0
    FROM rest WHERE requests > 0`;
}
