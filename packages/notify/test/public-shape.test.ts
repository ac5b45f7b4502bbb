import { describe, expect, it } from 'vitest';
import {
  CallbackAuthenticationError,
  CallbackPayloadError,
  callbacks,
  constructCallbackEvent,
  constructEvent,
  DailyLimitError,
  FINAL_NOTIFICATION_STATUSES,
  isFinalStatus,
  NotifyClient,
  RateLimitError,
  TooManyRequestsError,
  VERSION,
} from '../src/index.js';

const TOKEN = 'callback-token-0123456789';
const OTHER = 'rotated-token-9876543210';
const delivery = JSON.stringify({
  id: '201b576e-c09b-467b-9dfa-9c3b689ee730',
  reference: null,
  to: 'amala@example.com',
  status: 'delivered',
  created_at: '2023-09-16T16:50:09.090424Z',
  completed_at: '2023-09-16T16:50:10.042907Z',
  sent_at: '2023-09-16T16:50:09.219763Z',
  notification_type: 'email',
  template_id: '9d751e0e-f929-4891-82a1-a3e1c3c18ee3',
  template_version: 1,
});
const KEY = `my_key-26785a09-ab16-4eb0-8407-a37497a57506-3d844edf-8d35-48ac-975b-e847b4f122b0`;

describe('callbacks.constructEvent, in the shape of pay.webhooks.constructEvent', () => {
  it('returns the typed event for the right bearer token', () => {
    const event = constructEvent(delivery, `Bearer ${TOKEN}`, TOKEN);
    expect(event.type).toBe('delivery-status');
    expect(event.data).toMatchObject({ status: 'delivered' });
  });

  it('accepts any of several tokens while one is rotated', () => {
    expect(constructEvent(delivery, `Bearer ${OTHER}`, [TOKEN, OTHER]).type).toBe('delivery-status');
  });

  it('refuses a wrong token before reading the body', () => {
    expect(() => constructEvent('not json', 'Bearer wrong-token-123', TOKEN)).toThrow(
      CallbackAuthenticationError,
    );
    expect(() => constructEvent(delivery, undefined, TOKEN)).toThrow(CallbackAuthenticationError);
    expect(() => constructEvent(delivery, `Bearer ${TOKEN}`, [])).toThrow(CallbackAuthenticationError);
  });

  it('refuses a correctly authorised body that is not a callback', () => {
    expect(() => constructEvent('{"x":1}', `Bearer ${TOKEN}`, TOKEN)).toThrow(CallbackPayloadError);
  });

  it('is reachable on a client as notify.callbacks, and the deprecated constructCallbackEvent agrees', () => {
    const notify = new NotifyClient({ apiKey: KEY });
    expect(notify.callbacks).toBe(callbacks);
    const viaClient = notify.callbacks.constructEvent(delivery, `Bearer ${TOKEN}`, TOKEN);
    const viaOld = constructCallbackEvent(delivery, { authorization: `Bearer ${TOKEN}`, bearerToken: TOKEN });
    expect(viaOld).toEqual(viaClient);
  });
});

describe('names', () => {
  it('DailyLimitError is a RateLimitError, and the deprecated TooManyRequestsError is the same class', () => {
    expect(TooManyRequestsError).toBe(DailyLimitError);
    const error = new DailyLimitError({
      status: 429,
      message: 'Exceeded send limits (email: 250000) for today',
      method: 'POST',
      path: '/v2/notifications/email',
    });
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error).toBeInstanceOf(TooManyRequestsError);
  });

  it('exports one list of final statuses', () => {
    expect(isFinalStatus('delivered')).toBe(true);
    expect(isFinalStatus('sending')).toBe(false);
    expect(FINAL_NOTIFICATION_STATUSES).toContain('returned-letter');
  });

  it('exports its version', () => {
    expect(VERSION).toMatch(/^\d+\.\d+\.\d+/);
  });
});
