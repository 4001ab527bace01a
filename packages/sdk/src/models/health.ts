/** GET /readyz at the server's root: each part's state ('ok', or a degraded state such as Redis away). */
import { mapOf, obj, type Parser, req, str } from '../lib/validate.ts';

export interface Readiness {
  status: string;
  checks: Record<string, string>;
}

export const parseReadiness: Parser<Readiness> = (v) => {
  const o = obj(v, '');
  return { status: req(o, 'status', '', str), checks: req(o, 'checks', '', mapOf(str)) };
};
