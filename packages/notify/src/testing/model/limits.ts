/**
 * The two limits Notify applies to sends (notifications-api `app/notifications/validators.py`
 * `check_rate_limiting`, called first thing in `post_notification`, before the body is even parsed):
 * - the API rate limit, a token bucket per service and key type;
 * - the daily message limits per notification type, counted for live and team keys (never test keys).
 */
import { notifyError } from './errors.js';
import type { NotifyStore } from './store.js';
import type { KeyType, NotificationType } from './types.js';

/** `app/constants.py`. */
const TOKEN_BUCKET_MAX = 1_000;
const TOKEN_BUCKET_MIN = 0;
const SECONDS_IN_1_MINUTE = 60;

/** The bucket's capacity: `min(ceil(rate_limit / 3) + 1, TOKEN_BUCKET_MAX)` (`token_bucket_rate_limit_exceeded`). */
export function bucketMax(rateLimit: number): number {
  return Math.min(Math.ceil(rateLimit / 3) + 1, TOKEN_BUCKET_MAX);
}

/**
 * One request against the bucket, as notifications-utils' `tally-bucket-rate-limit` Redis script does it
 * (`notifications_utils/clients/redis/redis_client.py`): a missing bucket starts full; whole tokens are
 * replenished at `rate_limit / 60` per second up to the capacity, and `last_replenished` only moves on by the
 * time those whole tokens took; one token is taken (never below the minimum) whether or not the request is
 * served. The request is refused when fewer than 1 token remains after taking it.
 */
export function checkApiRateLimit(store: NotifyStore, keyType: KeyType): void {
  const { rate_limit } = store.state.limits;
  const key = `${store.state.service.id}-tokens-${keyType}`;
  const now = store.now().getTime() / 1000;
  const replenishPerSec = rate_limit / SECONDS_IN_1_MINUTE;
  const max = bucketMax(rate_limit);
  const bucket = store.state.buckets[key] ?? { last_replenished: now, tokens: max };
  const elapsed = Math.max(now - bucket.last_replenished, 0);
  const replenishment = Math.floor(elapsed * replenishPerSec);
  const tokens = Math.max(Math.min(bucket.tokens + replenishment, max) - 1, TOKEN_BUCKET_MIN);
  store.state.buckets[key] = {
    last_replenished: bucket.last_replenished + replenishment / replenishPerSec,
    tokens,
  };
  if (tokens < 1) {
    // app/v2/errors.py RateLimitError: the key type upper-cased, a live key (stored as `normal`) named LIVE
    throw notifyError(
      429,
      'RateLimitError',
      `Exceeded rate limit for key type ${keyType.toUpperCase()} of ${rate_limit} requests per ${SECONDS_IN_1_MINUTE} seconds`,
    );
  }
}

export type DailyLimitType = NotificationType | 'international_sms';

const dayKey = (store: NotifyStore, type: DailyLimitType) =>
  `${store.now().toISOString().slice(0, 10)}:${type}`;

/** `app/config.py` DEFAULT_LIVE_SERVICE_RATE_LIMITS: what a test key of a trial service is held to. */
const DEFAULT_LIVE_SERVICE_RATE_LIMITS: Record<DailyLimitType, number> = {
  email: 250_000,
  sms: 250_000,
  letter: 20_000,
  international_sms: 100,
};

/** The limit that applies (`get_daily_rate_limit_value`). */
function dailyLimit(store: NotifyStore, keyType: KeyType, type: DailyLimitType): number {
  if (keyType === 'test' && store.state.service.trial_mode) return DEFAULT_LIVE_SERVICE_RATE_LIMITS[type];
  const limits = store.state.limits;
  return {
    email: limits.email_message_limit,
    sms: limits.sms_message_limit,
    letter: limits.letter_message_limit,
    international_sms: limits.international_sms_message_limit,
  }[type];
}

/**
 * `check_service_over_daily_message_limit`: refused once today's count would go over the limit. Test keys have
 * their own counter (`daily_limit_cache_key`), which nothing increments: only a limit of 0 refuses them.
 */
export function checkDailyLimit(store: NotifyStore, keyType: KeyType, type: DailyLimitType): void {
  const limit = dailyLimit(store, keyType, type);
  const count = keyType === 'test' ? 0 : (store.state.daily[dayKey(store, type)] ?? 0);
  if (count + 1 > limit) {
    // app/v2/errors.py TooManyRequestsError
    throw notifyError(429, 'TooManyRequestsError', `Exceeded send limits (${type}: ${limit}) for today`);
  }
}

/** `check_rate_limiting`: the API rate limit, then the daily limit for the type. */
export function checkRateLimiting(store: NotifyStore, keyType: KeyType, type: NotificationType): void {
  checkApiRateLimit(store, keyType);
  checkDailyLimit(store, keyType, type);
}

/** `increment_daily_limit_caches`: after a notification is stored (test keys never count). */
export function countSend(
  store: NotifyStore,
  keyType: KeyType,
  type: NotificationType,
  international: boolean,
) {
  if (keyType === 'test') return;
  for (const kind of international ? [type, 'international_sms' as const] : [type]) {
    const k = dayKey(store, kind);
    store.state.daily[k] = (store.state.daily[k] ?? 0) + 1;
  }
}
