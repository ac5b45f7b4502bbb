/**
 * What every search shares (payments, refunds, agreements, disputes): Pay checks the parameters first and names
 * every bad one in a single 422 (alphagov/pay-publicapi validation/SearchValidator.java and the per-search
 * validators), then pages the results with `_links` (disputes: `links`) and answers 404 past the last page.
 */
import type { PayContext } from './context.js';
import { payError } from './errors.js';

/** Search parameters as the wire layer read them from the query string. */
export type SearchParams = URLSearchParams;

/**
 * A `from_date`/`to_date` as pay-java-commons validation/DateTimeUtils.toUTCZonedDateTime reads it: Java's
 * ISO_ZONED_DATE_TIME, strictly resolved. So `2026-03-02T09:00Z`, `2026-03-02T09:00:00.123456+01:00` and
 * `2026-03-02T09:00:00Z[Europe/London]` are dates; `2026-02-30T00:00:00Z`, a date alone or a time without an offset
 * are not. Answers the instant in epoch ms, or undefined.
 */
export function parseZonedDateTime(value: string): number | undefined {
  const m =
    /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(?:([Zz])|([+-])(\d{2}):(\d{2})(?::(\d{2}))?)(?:\[([^\]]+)\])?$/.exec(
      value,
    );
  if (!m) return undefined;
  const [, y, mo, d, h, mi, sec = '0', frac = '', , sign, oh = '0', om = '0', os = '0', zone] = m;
  const local = localMs(Number(y), Number(mo), Number(d));
  if (local === undefined || Number(h) > 23 || Number(mi) > 59 || Number(sec) > 59) return undefined;
  if (Number(oh) > 18 || Number(om) > 59 || Number(os) > 59) return undefined;
  if (zone !== undefined && !isZoneId(zone)) return undefined;
  const offsetMs = (sign === '-' ? -1 : 1) * ((Number(oh) * 60 + Number(om)) * 60 + Number(os)) * 1000;
  const ms = Number(frac.padEnd(3, '0').slice(0, 3));
  return local + ((Number(h) * 60 + Number(mi)) * 60 + Number(sec)) * 1000 + ms - offsetMs;
}

/** Midnight UTC of a real calendar date (java.time refuses 30 February), or undefined. */
function localMs(year: number, month: number, day: number): number | undefined {
  const ms = Date.UTC(year, month - 1, day);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== year || back.getUTCMonth() !== month - 1 || back.getUTCDate() !== day) {
    return undefined;
  }
  return ms;
}

function isZoneId(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** A settled date as java.time LocalDate.parse reads it: `yyyy-MM-dd`, a real date. */
const isLocalDate = (v: string) => {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
  return m !== null && localMs(Number(m[1]), Number(m[2]), Number(m[3])) !== undefined;
};

/**
 * `[parameter, check, name in the error]`, in the order Pay's validator checks them (and lists them). A check may
 * answer `'throws'` where Pay's validator throws (Integer.parseInt of a number over 2^31-1): the validators catch
 * that and answer with only the names found bad before it.
 */
export type ParamRule = readonly [
  param: string,
  ok: (value: string) => boolean | 'throws',
  reportedAs?: string,
];

const INT_MAX = 2 ** 31 - 1;
/** validation/SearchValidator.java: all digits ([0-9]+), then Integer.parseInt, at least 1 (and at most `max`). */
const wholeNumber =
  (max = INT_MAX) =>
  (v: string): boolean | 'throws' => {
    if (!/^[0-9]+$/.test(v)) return false;
    if (Number(v) > INT_MAX) return 'throws';
    return Number(v) >= 1 && Number(v) <= max;
  };
export const PAGE: ParamRule = ['page', wholeNumber()];
export const DISPLAY_SIZE: ParamRule = ['display_size', wholeNumber(500)];
export const FROM_DATE: ParamRule = ['from_date', (v) => parseZonedDateTime(v) !== undefined];
export const TO_DATE: ParamRule = ['to_date', (v) => parseZonedDateTime(v) !== undefined];
export const FROM_SETTLED_DATE: ParamRule = ['from_settled_date', isLocalDate];
export const TO_SETTLED_DATE: ParamRule = ['to_settled_date', isLocalDate];
export const maxLength = (param: string, max: number): ParamRule => [param, (v) => v.length <= max];

/**
 * Every bad parameter named in one 422, in the validator's order (alphagov/pay-publicapi
 * validation/SearchValidator.java and the per-search validators). A blank value counts as not given.
 */
export function checkParams(params: SearchParams, rules: readonly ParamRule[], code: string): void {
  const bad: string[] = [];
  for (const [param, ok, reportedAs] of rules) {
    const value = params.get(param);
    if (value === null || value.trim() === '') continue;
    const verdict = ok(value);
    // The validator's catch: the answer names what was found so far, not this parameter.
    if (verdict === 'throws') throw invalidParameters(code, bad);
    if (!verdict) bad.push(reportedAs ?? param);
  }
  if (bad.length > 0) throw invalidParameters(code, bad);
}

const invalidParameters = (code: string, names: string[]) =>
  payError(
    422,
    code,
    `Invalid parameters: ${names.join(', ')}. See Public API documentation for the correct data formats`,
  );

/**
 * How ledger compares text filters (alphagov/pay-ledger transaction/search/common/TransactionSearchParams.java and
 * agreement/resource/AgreementSearchParams.java): a blank filter is not applied; `reference` is
 * `lower(reference) = lower(:reference)` (publicapi always sends `exact_reference_match=true`, service/LedgerService.java);
 * `email` and `cardholder_name` are `lower(column) LIKE lower('%' || :value || '%')`, so they match anywhere in the
 * value and a `%` or `_` in the filter is a wildcard (`\` escapes, as PostgreSQL's default LIKE escape).
 */
export function textFilter(
  kind: 'exact' | 'contains',
  wanted: string | null,
): (value: string | undefined) => boolean {
  if (wanted === null || wanted.trim() === '') return () => true;
  if (kind === 'exact') return (value) => value !== undefined && value.toLowerCase() === wanted.toLowerCase();
  const pattern = new RegExp(`^.*${likeToRegex(wanted.toLowerCase())}.*$`, 's');
  return (value) => value !== undefined && pattern.test(value.toLowerCase());
}

function likeToRegex(like: string): string {
  let out = '';
  for (let i = 0; i < like.length; i++) {
    const c = like[i] as string;
    if (c === '\\' && i + 1 < like.length) out += escapeRegex(like[++i] as string);
    else if (c === '%') out += '.*';
    else if (c === '_') out += '.';
    else out += escapeRegex(c);
  }
  return out;
}

const escapeRegex = (c: string) => c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/** Created between `from_date` (inclusive) and `to_date` (exclusive); settled between the settled dates (inclusive). */
export function inDates(created: string, settled: string | undefined, params: SearchParams): boolean {
  const from = params.get('from_date');
  const to = params.get('to_date');
  const fromMs = from ? parseZonedDateTime(from) : undefined;
  const toMs = to ? parseZonedDateTime(to) : undefined;
  if (fromMs !== undefined && Date.parse(created) < fromMs) return false;
  if (toMs !== undefined && Date.parse(created) >= toMs) return false;
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
