import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import {
  checkSnapshot,
  createFakeClock,
  makeSnapshot,
  OutboundDeliveries,
  ServiceError,
} from '../src/testing';

const START = new Date('2026-01-01T00:00:00.000Z');

describe('the fake clock', () => {
  it('stands still when frozen and moves only by advance()', async () => {
    const clock = createFakeClock({ frozenAt: START });
    expect(clock.now().toISOString()).toBe(START.toISOString());
    await clock.advance(1500);
    expect(clock.now().toISOString()).toBe('2026-01-01T00:00:01.500Z');
  });

  it('runs timers that fall due during advance(), in due order, each at its due time', async () => {
    const clock = createFakeClock({ frozenAt: START });
    const seen: string[] = [];
    clock.setTimeout(() => seen.push(`b@${clock.now().toISOString()}`), 2000);
    clock.setTimeout(() => seen.push(`a@${clock.now().toISOString()}`), 1000);
    clock.setTimeout(() => seen.push('late'), 10_000);
    await clock.advance(5000);
    expect(seen).toEqual(['a@2026-01-01T00:00:01.000Z', 'b@2026-01-01T00:00:02.000Z']);
    expect(clock.pendingTimers()).toBe(1);
    expect(clock.now().toISOString()).toBe('2026-01-01T00:00:05.000Z');
  });

  it('runs a timer scheduled by a timer when it also falls due within the same advance()', async () => {
    const clock = createFakeClock({ frozenAt: START });
    const seen: number[] = [];
    clock.setTimeout(() => {
      seen.push(1);
      clock.setTimeout(() => seen.push(2), 1000);
    }, 1000);
    await clock.advance(3000);
    expect(seen).toEqual([1, 2]);
  });

  it('cancels a timer, and clearTimers() cancels every one', async () => {
    const clock = createFakeClock({ frozenAt: START });
    let ran = 0;
    clock.setTimeout(() => ran++, 10).cancel();
    clock.setTimeout(() => ran++, 20);
    clock.clearTimers();
    await clock.advance(100);
    expect(ran).toBe(0);
  });

  it('fires by real time, compressed by timeScale, jumping the clock to the due time', async () => {
    const clock = createFakeClock({ timeScale: 0.001 });
    const before = clock.now().getTime();
    const firedAt = await new Promise<number>((resolve) => {
      clock.setTimeout(() => resolve(clock.now().getTime()), 60_000);
    });
    expect(firedAt - before).toBeGreaterThanOrEqual(60_000);
  });

  it('keeps its state through state()/restoreState()', async () => {
    const clock = createFakeClock({ frozenAt: START });
    await clock.advance(42);
    const copy = createFakeClock();
    copy.restoreState(clock.state());
    expect(copy.now().toISOString()).toBe('2026-01-01T00:00:00.042Z');
  });

  it('refuses a negative or infinite advance', async () => {
    const clock = createFakeClock({ frozenAt: START });
    await expect(clock.advance(-1)).rejects.toThrow(RangeError);
    await expect(clock.advance(Number.POSITIVE_INFINITY)).rejects.toThrow(RangeError);
  });
});

describe('outbound deliveries', () => {
  let server: Server | undefined;
  afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

  async function endpoint(statuses: number[]): Promise<{ url: string; received: IncomingMessage[] }> {
    const received: IncomingMessage[] = [];
    server = createServer((req, res) => {
      received.push(req);
      req.resume();
      res.statusCode = statuses.shift() ?? 200;
      res.end();
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    return { url: `http://127.0.0.1:${(server!.address() as AddressInfo).port}/hook`, received };
  }

  it('delivers with the given headers, logging the attempt', async () => {
    const { url, received } = await endpoint([204]);
    const clock = createFakeClock({ frozenAt: START });
    const out = new OutboundDeliveries({ clock, retryDelaysMs: [], timeoutMs: 1000 });
    out.send({ kind: 'ping', url, body: '{"a":1}', headers: { 'X-Signature': 'sig' } });
    await out.settle();
    expect(received[0]?.headers['x-signature']).toBe('sig');
    expect(received[0]?.headers['content-type']).toBe('application/json');
    expect(out.messages()[0]?.status).toBe('delivered');
    expect(out.attempts()).toMatchObject([{ kind: 'ping', attempt: 1, status: 204, delivered: true }]);
  });

  it('retries on the schedule as the clock advances, then gives up', async () => {
    const { url, received } = await endpoint([500, 500, 500]);
    const clock = createFakeClock({ frozenAt: START });
    const out = new OutboundDeliveries({ clock, retryDelaysMs: [60_000, 300_000], timeoutMs: 1000 });
    out.send({ kind: 'k', url, body: '{}' });
    await out.settle();
    expect(received).toHaveLength(1);
    await clock.advance(59_999);
    await out.settle();
    expect(received).toHaveLength(1);
    await clock.advance(1);
    await out.settle();
    expect(received).toHaveLength(2);
    await clock.advance(300_000);
    await out.settle();
    expect(received).toHaveLength(3);
    expect(out.messages()[0]?.status).toBe('failed');
    expect(out.attempts().map((a) => a.at)).toEqual([
      '2026-01-01T00:00:00.000Z',
      '2026-01-01T00:01:00.000Z',
      '2026-01-01T00:06:00.000Z',
    ]);
  });

  it('renews the body before each retry when the sender asks to (a freshly signed message per attempt)', async () => {
    const bodies: string[] = [];
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        bodies.push(body);
        res.statusCode = bodies.length < 3 ? 500 : 200;
        res.end();
      });
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server!.address() as AddressInfo).port}/hook`;
    const clock = createFakeClock({ frozenAt: START });
    const out = new OutboundDeliveries({ clock, retryDelaysMs: [1000, 1000], timeoutMs: 1000 });
    let n = 0;
    out.send({ kind: 'k', url, body: 'token-0', renew: () => ({ body: `token-${++n}` }) });
    await out.settle();
    await clock.advance(1000);
    await out.settle();
    await clock.advance(1000);
    await out.settle();
    expect(bodies).toEqual(['token-0', 'token-1', 'token-2']);
    expect(out.messages()[0]).toMatchObject({ status: 'delivered', body: 'token-2' });
  });

  it('attempts a noRetry message once, whatever the policy', async () => {
    const { url, received } = await endpoint([500, 200]);
    const clock = createFakeClock({ frozenAt: START });
    const out = new OutboundDeliveries({ clock, retryDelaysMs: [1000], timeoutMs: 1000 });
    out.send({ kind: 'k', url, body: '{}', noRetry: true });
    await out.settle();
    await clock.advance(5000);
    await out.settle();
    expect(received).toHaveLength(1);
    expect(out.messages()[0]?.status).toBe('failed');
  });

  it('does not retry what the policy says not to', async () => {
    const { url, received } = await endpoint([400]);
    const clock = createFakeClock({ frozenAt: START });
    const out = new OutboundDeliveries({
      clock,
      retryDelaysMs: [1000],
      timeoutMs: 1000,
      shouldRetry: (status) => status === undefined || status >= 500,
    });
    out.send({ kind: 'k', url, body: '{}' });
    await out.settle();
    await clock.advance(5000);
    await out.settle();
    expect(received).toHaveLength(1);
    expect(out.messages()[0]?.status).toBe('failed');
  });

  it('flush() attempts pending messages now; reset() forgets everything', async () => {
    const { url, received } = await endpoint([503, 200]);
    const clock = createFakeClock({ frozenAt: START });
    const out = new OutboundDeliveries({ clock, retryDelaysMs: [3_600_000], timeoutMs: 1000 });
    out.send({ kind: 'k', url, body: '{}' });
    await out.settle();
    await out.flush();
    expect(received).toHaveLength(2);
    expect(out.messages()[0]?.status).toBe('delivered');
    out.reset();
    expect(out.messages()).toEqual([]);
    expect(clock.pendingTimers()).toBe(0);
  });

  it('records a network error as an undelivered attempt', async () => {
    const clock = createFakeClock({ frozenAt: START });
    const out = new OutboundDeliveries({ clock, retryDelaysMs: [], timeoutMs: 500 });
    out.send({ kind: 'k', url: 'http://127.0.0.1:1/nothing-listens', body: '{}' });
    await out.settle();
    expect(out.attempts()[0]).toMatchObject({ delivered: false });
    expect(out.attempts()[0]?.error).toBeTruthy();
    expect(out.messages()[0]?.status).toBe('failed');
  });
});

describe('snapshots and service errors', () => {
  it('refuses a snapshot of another service or version, naming both', () => {
    const clock = createFakeClock({ frozenAt: START });
    const snap = makeSnapshot('pay', 2, clock, { payments: [] });
    expect(checkSnapshot(snap, { service: 'pay', version: 2 }).state).toEqual({ payments: [] });
    expect(() => checkSnapshot(snap, { service: 'notify', version: 2 })).toThrow(/pay v2.*notify v2/);
    expect(() => checkSnapshot(snap, { service: 'pay', version: 3 })).toThrow(/pay v2.*pay v3/);
  });

  it('a ServiceError carries status, code and details', () => {
    const error = new ServiceError(400, 'P0102', 'Invalid attribute value: reference', {
      field: 'reference',
    });
    expect(error).toMatchObject({ status: 400, code: 'P0102', details: { field: 'reference' } });
    expect(error.message).toBe('Invalid attribute value: reference');
  });
});
