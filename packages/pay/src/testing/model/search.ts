/**
 * What every search shares (payments, refunds, agreements, disputes): Pay checks the parameters first and names
 * every bad one in a single 422 (alphagov/pay-publicapi validation/SearchValidator.java and the per-search
 * validators), then pages the results with `_links` (disputes: `links`) and answers 404 past the last page.
 */
import type { PayContext } from './context.js';
import { payError } from './errors.js';

/** Search parameters as the wire layer read them from the query string. */
export type SearchParams = URLSearchParams;

const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** `[parameter, check, name in the error]`, in the order Pay's validator checks them (and lists them). */
export type ParamRule = readonly [param: string, ok: (value: string) => boolean, reportedAs?: string];

const positive = (v: string) => /^\d+$/.test(v) && Number(v) >= 1;
export const PAGE: ParamRule = ['page', positive];
export const DISPLAY_SIZE: ParamRule = ['display_size', (v) => positive(v) && Number(v) <= 500];
export const FROM_DATE: ParamRule = ['from_date', (v) => DATE_TIME.test(v) && !Number.isNaN(Date.parse(v))];
export const TO_DATE: ParamRule = ['to_date', (v) => DATE_TIME.test(v) && !Number.isNaN(Date.parse(v))];
export const FROM_SETTLED_DATE: ParamRule = ['from_settled_date', (v) => DATE.test(v)];
export const TO_SETTLED_DATE: ParamRule = ['to_settled_date', (v) => DATE.test(v)];
export const maxLength = (param: string, max: number): ParamRule => [param, (v) => v.length <= max];

/**
 * Every bad parameter named in one 422, in the validator's order (alphagov/pay-publicapi
 * validation/SearchValidator.java and the per-search validators). A blank value counts as not given.
 */
export function checkParams(params: SearchParams, rules: readonly ParamRule[], code: string): void {
  const bad = rules
    .filter(([param, ok]) => {
      const value = params.get(param);
      return value !== null && value.trim() !== '' && !ok(value);
    })
    .map(([param, , reportedAs]) => reportedAs ?? param);
  if (bad.length > 0) {
    throw payError(
      422,
      code,
      `Invalid parameters: ${bad.join(', ')}. See Public API documentation for the correct data formats`,
    );
  }
}

/** Created between `from_date` (inclusive) and `to_date` (exclusive); settled between the settled dates (inclusive). */
export function inDates(created: string, settled: string | undefined, params: SearchParams): boolean {
  const from = params.get('from_date');
  const to = params.get('to_date');
  if (from && Date.parse(created) < Date.parse(from)) return false;
  if (to && Date.parse(created) >= Date.parse(to)) return false;
  const fromSettled = params.get('from_settled_date');
  const toSettled = params.get('to_settled_date');
  if ((fromSettled || toSettled) && !settled) return false;
  if (fromSettled && settled && settled < fromSettled) return false;
  if (toSettled && settled && settled > toSettled) return false;
  return true;
}

export const newestFirst = <T extends { created_date: string }>(a: T, b: T) =>
  a.created_date < b.created_date ? 1 : a.created_date > b.created_date ? -1 : 0;

/** One page of results with Pay's navigation links; `notFound` past the last page. */
export function page<T>(
  ctx: PayContext,
  path: string,
  params: SearchParams,
  items: T[],
  notFoundCode: string,
  linksKey: '_links' | 'links' = '_links',
): { total: number; count: number; page: number; results: T[] } & Record<string, unknown> {
  const pageNumber = Number(params.get('page') ?? '1');
  const size = Number(params.get('display_size') ?? '500');
  const lastPage = Math.max(1, Math.ceil(items.length / size));
  if (pageNumber > lastPage) throw payError(404, notFoundCode, 'Page not found');
  const results = items.slice((pageNumber - 1) * size, pageNumber * size);
  const base = new URLSearchParams(params);
  base.delete('page');
  base.delete('display_size');
  const href = (n: number) => {
    const q = new URLSearchParams(base);
    q.set('display_size', String(size));
    q.set('page', String(n));
    return ctx.link(`${path}?${q.toString()}`);
  };
  const links: Record<string, unknown> = {
    self: href(pageNumber),
    first_page: href(1),
    last_page: href(lastPage),
  };
  if (pageNumber > 1) links.prev_page = href(pageNumber - 1);
  if (pageNumber < lastPage) links.next_page = href(pageNumber + 1);
  return { total: items.length, count: results.length, page: pageNumber, results, [linksKey]: links };
}
