/**
 * notifications-api `app/notifications/validators.py` (check_rate_limiting, token_bucket_rate_limit_exceeded)
 * and notifications-utils `clients/redis/redis_client.py` (the tally-bucket-rate-limit script).
 */
import { describe, expect, it } from 'vitest';
import { notifyError, serve, SMS_TEMPLATE, LETTER_ADDRESS, LETTER_TEMPLATE } from './http.js';

const sms = {
  template_id: SMS_TEMPLATE,
  phone_number: '07700900123',
  personalisation: { reference: 'R', amount: '1' },
};

describe('the API rate limit is a token bucket per service and key type', () => {
  const t = serve();

  it('lets a burst of min(ceil(rate_limit / 3) + 1, 1000) - 1 sends through, not rate_limit (999 of 3,000)', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 1000; i++) statuses.push((await t.post('/v2/notifications/sms', sms)).status);
    expect(statuses.slice(0, 999).every((s) => s === 201)).toBe(true);
    expect(statuses[999]).toBe(429);
    expect(await t.post('/v2/notifications/sms', sms)).toEqual(
      notifyError(
        429,
        'RateLimitError',
        'Exceeded rate limit for key type LIVE of 3000 requests per 60 seconds',
      ),
    );
  }, 60_000);

  it('refills rate_limit / 60 whole tokens a second; a refused request still takes a token', async () => {
    t.fake.limits.set({ rate_limit: 60 }); // a bucket of 21 tokens, one back a second
    for (let i = 0; i < 20; i++) expect((await t.post('/v2/notifications/sms', sms)).status).toBe(201);
    expect((await t.post('/v2/notifications/sms', sms)).status).toBe(429);
    await t.clock.advance(1_999); // one whole token back: taking it leaves none, so still refused
    expect((await t.post('/v2/notifications/sms', sms)).status).toBe(429);
    await t.clock.advance(2_000); // two more (the 999 ms carried over counts): one is left after taking one
    expect((await t.post('/v2/notifications/sms', sms)).status).toBe(201);
  });

  it('checks the limit before reading the body: an empty bucket refuses even invalid JSON with 429', async () => {
    t.fake.limits.set({ rate_limit: 3 }); // a bucket of 2: one request
    expect((await t.request('POST', '/v2/notifications/sms', { rawBody: 'not json' })).status).toBe(400);
    const refused = await t.request('POST', '/v2/notifications/sms', { rawBody: 'not json' });
    expect(refused.status).toBe(429);
    expect(refused.body.errors[0].error).toBe('RateLimitError');
  });

  it('keeps a bucket per key type (TEAM, TEST) and does not limit GETs', async () => {
    t.fake.limits.set({ rate_limit: 3 });
    t.fake.settings.addTeamRecipient('07700900123');
    expect((await t.post('/v2/notifications/sms', sms)).status).toBe(201);
    expect((await t.post('/v2/notifications/sms', sms)).status).toBe(429);
    expect((await t.post('/v2/notifications/sms', sms, { key: 'team' })).status).toBe(201);
    expect(await t.post('/v2/notifications/sms', sms, { key: 'team' })).toEqual(
      notifyError(
        429,
        'RateLimitError',
        'Exceeded rate limit for key type TEAM of 3 requests per 60 seconds',
      ),
    );
    expect((await t.post('/v2/notifications/sms', sms, { key: 'test' })).status).toBe(201);
    for (let i = 0; i < 5; i++) expect((await t.get('/v2/notifications')).status).toBe(200);
  });

  it('takes two tokens for a letter from a template (the letter endpoint checks, then post_notification again)', async () => {
    t.fake.limits.set({ rate_limit: 6 }); // a bucket of 3: two tokens may go
    const letter = {
      template_id: LETTER_TEMPLATE,
      personalisation: { ...LETTER_ADDRESS, full_name: 'A', reference: 'R' },
    };
    expect((await t.post('/v2/notifications/letter', letter)).status).toBe(201);
    expect((await t.post('/v2/notifications/sms', sms)).status).toBe(429);
  });
});

describe('daily message limits (check_service_over_daily_message_limit)', () => {
  const t = serve();

  it('refuses the send that would go over the limit with TooManyRequestsError', async () => {
    t.fake.limits.set({ sms_message_limit: 2 });
    expect((await t.post('/v2/notifications/sms', sms)).status).toBe(201);
    expect((await t.post('/v2/notifications/sms', sms)).status).toBe(201);
    expect(await t.post('/v2/notifications/sms', sms)).toEqual(
      notifyError(429, 'TooManyRequestsError', 'Exceeded send limits (sms: 2) for today'),
    );
  });

  it('never counts or refuses test-key sends', async () => {
    t.fake.limits.set({ sms_message_limit: 1 });
    for (let i = 0; i < 3; i++)
      expect((await t.post('/v2/notifications/sms', sms, { key: 'test' })).status).toBe(201);
    expect((await t.post('/v2/notifications/sms', sms)).status).toBe(201);
  });

  it('refuses a test key only at a limit of 0; in trial mode a test key has the live defaults instead', async () => {
    t.fake.limits.set({ sms_message_limit: 0 });
    expect(await t.post('/v2/notifications/sms', sms, { key: 'test' })).toEqual(
      notifyError(429, 'TooManyRequestsError', 'Exceeded send limits (sms: 0) for today'),
    );
    t.fake.settings.setTrialMode(true);
    expect((await t.post('/v2/notifications/sms', sms, { key: 'test' })).status).toBe(201);
  });

  it('counts international texts against international_sms_message_limit too', async () => {
    t.fake.settings.grant('international_sms');
    t.fake.limits.set({ international_sms_message_limit: 1 });
    const abroad = { ...sms, phone_number: '+33 6 12 34 56 78' };
    expect((await t.post('/v2/notifications/sms', abroad)).status).toBe(201);
    expect(await t.post('/v2/notifications/sms', abroad)).toEqual(
      notifyError(429, 'TooManyRequestsError', 'Exceeded send limits (international_sms: 1) for today'),
    );
    expect((await t.post('/v2/notifications/sms', sms)).status).toBe(201);
  });

  it('starts again at midnight UTC', async () => {
    t.fake.limits.set({ sms_message_limit: 1 });
    expect((await t.post('/v2/notifications/sms', sms)).status).toBe(201);
    expect((await t.post('/v2/notifications/sms', sms)).status).toBe(429);
    t.clock.set(new Date('2026-03-03T00:00:01.000Z'));
    expect((await t.post('/v2/notifications/sms', sms)).status).toBe(201);
  });
});
