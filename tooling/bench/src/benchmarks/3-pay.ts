// Pay: payments.create then payments.get, through the SDK and as the same two calls with raw axios (what a
// careful hand-written integration does: JSON, bearer key, an Idempotency-Key, status check). The ratio is the
// SDK's overhead: request validation, response parsing, error mapping, redaction and hooks.
import { randomUUID } from 'node:crypto';
import { load, repeatPair, type LoadResult } from '../harness/measure.js';
import { startFakeServer } from '../harness/server.js';
import { pairRow, versionOf } from '../harness/sides.js';
import type { Benchmark, Row } from '../harness/types.js';

const benchmark: Benchmark = {
  name: 'pay',
  title: 'Pay payments.create + payments.get vs raw axios',
  requires: {
    '@council-sdk/pay': ['PayClient'],
    '@council-sdk/pay/testing': ['createPayFake'],
  },
  timeoutMs: 120_000,
  async run(ctx) {
    const { PayClient } = await import('@council-sdk/pay');
    const { default: axios } = await import('axios');
    const server = await startFakeServer('pay');
    const label = `raw axios ${versionOf('axios')}`;
    try {
      const { apiKey } = server.info as { apiKey: string };
      const pay = new PayClient({ apiKey, baseUrl: server.origin });
      const raw = axios.create({
        baseURL: server.origin,
        headers: { Authorization: `Bearer ${apiKey}`, 'Content-Type': 'application/json' },
      });
      const body = (i: number) => ({
        amount: 2500 + (i % 100),
        reference: `PERMIT-${i}`,
        description: 'Resident parking permit (12 months)',
        return_url: 'https://council.example.gov.uk/permits/return',
      });
      const ours = async (i: number) => {
        const created = await pay.payments.create(body(i));
        const got = await pay.payments.get(created.payment_id);
        if (got.payment_id !== created.payment_id) throw new Error('wrong payment');
      };
      const theirs = async (i: number) => {
        const created = await raw.post<{ payment_id: string }>('/v1/payments', body(i), {
          headers: { 'Idempotency-Key': randomUUID() },
        });
        const got = await raw.get<{ payment_id: string }>(`/v1/payments/${created.data.payment_id}`);
        if (got.data.payment_id !== created.data.payment_id) throw new Error('wrong payment');
      };

      const rows: Row[] = [];
      for (const concurrency of [1, 20]) {
        // Rounds end at a count or a duration, whichever comes first, so a busy machine cannot stretch the run.
        const total = concurrency === 1 ? ctx.size(2000, 300) : ctx.size(5000, 800);
        const durationMs = ctx.size(1500, 600);
        const reps = ctx.size(5, 2);
        const results = { ours: [] as LoadResult[], theirs: [] as LoadResult[] };
        const round = (side: 'ours' | 'theirs') => async () => {
          await server.call('reset');
          const r = await load(side === 'ours' ? ours : theirs, total, concurrency, durationMs);
          if (r.errors)
            throw new Error(`${side}: ${r.errors} of ${r.completed} failed: ${String(r.firstError)}`);
          results[side].push(r);
          // Milliseconds per create+get pair, wall clock, as the caller sees it.
          return 1000 / r.throughput;
        };
        ctx.log(
          `concurrency ${concurrency}: ${durationMs} ms (at most ${total} create+get pairs) per repetition`,
        );
        const t = await repeatPair(round('ours'), round('theirs'), { warmup: 1, reps });
        const pick = (side: 'ours' | 'theirs', f: (r: LoadResult) => number) =>
          results[side].slice(-reps).map(f);
        const kase = (what: string) => `create+get, concurrency ${concurrency}: ${what}`;
        rows.push(
          pairRow(
            'pay',
            concurrency === 1 ? kase('time per pair') : kase('wall time per pair (1 / throughput)'),
            'ms',
            'lower',
            t.ours,
            t.theirs,
            label,
            { kind: 'ratio<=', value: 1.1, text: '<= 1.1x raw axios' },
          ),
          pairRow(
            'pay',
            kase('client CPU per pair'),
            'µs',
            'lower',
            pick('ours', (r) => r.cpuUsPerRequest),
            pick('theirs', (r) => r.cpuUsPerRequest),
            label,
          ),
        );
      }
      return {
        rows,
        notes: [
          'Both sides send the same JSON body with an Idempotency-Key (the SDK adds one by default) and read the payment back; the fake Pay (rate limits off) is in its own process.',
          'Wall time includes the fake server; client CPU is only the benchmark process (the SDK and axios themselves), which is where the overhead ratio shows most plainly.',
        ],
      };
    } finally {
      await server.close();
    }
  },
};

export default benchmark;
