// Cold start of event-driven Forms processing: how long a fresh `node` process takes to load the light
// `@council-sdk/forms/events` entry point (against the full package), and how long the README's Lambda handler
// (packages/forms/examples/lambda-handler.ts) takes from a cold process to an acknowledged submission: import, then
// one S3 notification handled against loopback fakes (read the submission from S3, send the email through Notify).
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { startFakeServer } from '../harness/server.js';
import { summarize } from '../harness/stats.js';
import type { Benchmark, Row } from '../harness/types.js';
import { bundleSize, firstErrorLine, timeLoad } from './7-cold-start.js';

const benchRoot = fileURLToPath(new URL('../..', import.meta.url));
const handlerSource = fileURLToPath(
  new URL('../../../../packages/forms/examples/lambda-handler.ts', import.meta.url),
);

const EVENTS = '@council-sdk/forms/events';
const FULL = '@council-sdk/forms';

/** The handler compiled to one ES module, its packages left as imports (resolved from tooling/bench). */
async function bundleHandler(dir: string): Promise<string> {
  const outfile = join(dir, 'lambda-handler.mjs');
  await build({
    entryPoints: [handlerSource],
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    outfile,
    logLevel: 'silent',
    plugins: [
      {
        name: 'external-packages',
        setup(b) {
          b.onResolve({ filter: /^[^./]/ }, (args) => ({ path: args.path, external: true }));
        },
      },
    ],
  });
  return outfile;
}

interface HandlerTiming {
  importMs: number;
  firstEventMs: number;
  acknowledged: number;
}

/** One cold process: import the handler, then handle one S3 notification naming `key`. */
function coldHandler(
  handlerFile: string,
  info: Record<string, unknown>,
  key: string,
): Promise<HandlerTiming> {
  const s3 = info.s3 as { bucket: string } & Record<string, unknown>;
  const event = {
    Records: [
      {
        eventVersion: '2.1',
        eventSource: 'aws:s3',
        eventName: 'ObjectCreated:Put',
        s3: {
          bucket: { name: s3.bucket },
          object: { key: encodeURIComponent(key).replace(/%2F/g, '/'), size: 1 },
        },
      },
    ],
  };
  const code = `
    const t0 = performance.now();
    const { createHandler } = await import(${JSON.stringify(pathToFileURL(handlerFile).href)});
    const t1 = performance.now();
    const { S3SubmissionSource } = await import('@council-sdk/forms');
    const { NotifyClient } = await import('@council-sdk/notify');
    // What S3SubmissionSource would load lazily on first use; created here only to point it at the fake.
    const { S3Client } = await import('@aws-sdk/client-s3');
    const info = JSON.parse(process.env.BENCH_INFO);
    const { bucket, ...s3Config } = info.s3;
    const handler = createHandler({
      source: new S3SubmissionSource({ bucket, s3Client: new S3Client({ ...s3Config, maxAttempts: 1 }) }),
      notify: new NotifyClient({ apiKey: info.notify.apiKey, baseUrl: info.notify.baseUrl, maxRetries: 0 }),
      templateId: info.notify.templateId,
    });
    const result = await handler(JSON.parse(process.env.BENCH_EVENT));
    const t2 = performance.now();
    console.log(JSON.stringify({ importMs: t1 - t0, firstEventMs: t2 - t0, acknowledged: result.acknowledged.length }));
  `;
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['--no-warnings', '--input-type=module', '-e', code],
      {
        cwd: benchRoot,
        timeout: 60_000,
        env: { ...process.env, BENCH_INFO: JSON.stringify(info), BENCH_EVENT: JSON.stringify(event) },
      },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`handler cold start failed: ${firstErrorLine(stderr) ?? error.message}`));
        else resolve(JSON.parse(stdout.trim().split('\n').pop() as string) as HandlerTiming);
      },
    );
  });
}

const benchmark: Benchmark = {
  name: 'forms-events',
  title: 'Event-driven Forms: cold start of @council-sdk/forms/events and of the README Lambda handler',
  requires: {
    [EVENTS]: ['parseS3Event'],
    [FULL]: ['S3SubmissionSource'],
  },
  timeoutMs: 240_000,
  async run(ctx) {
    const reps = ctx.size(7, 3);
    const rows: Row[] = [];
    const notes = [
      `Load time: milliseconds in \`import()\` / \`require()\` of the entry point inside a fresh \`node\` process (process start-up excluded), median of ${reps} processes; "theirs" is the package's main entry, for scale.`,
      'Handler: packages/forms/examples/lambda-handler.ts (shown in the forms README) bundled by esbuild with its packages left as imports, run in a fresh `node` process per sample. "import" is loading the module; "first event" runs from before the import to the end of handling one S3 notification: loading the AWS SDK (which S3SubmissionSource otherwise loads lazily), listing the folder, reading and parsing the submission, and sending the acknowledgement through Notify, against fakes on 127.0.0.1. Lambda\'s own start-up (runtime init, network to AWS) is not included.',
    ];

    for (const format of ['esm', 'cjs'] as const) {
      ctx.log(`${format} load ${EVENTS} vs ${FULL}`);
      const row: Row = {
        benchmark: 'forms-events',
        case: `${format === 'esm' ? 'import()' : 'require()'} ${EVENTS}`,
        unit: 'ms',
        better: 'lower',
        status: 'ok',
        theirsLabel: `${FULL} (main entry)`,
      };
      try {
        const ours: number[] = [];
        const theirs: number[] = [];
        for (let i = 0; i < reps; i++) {
          ours.push(await timeLoad(EVENTS, format));
          theirs.push(await timeLoad(FULL, format));
        }
        row.ours = summarize(ours);
        row.theirs = summarize(theirs);
      } catch (error) {
        row.status = 'error';
        row.note = (error as Error).message;
      }
      rows.push(row);
    }

    ctx.log(`size ${EVENTS}`);
    try {
      rows.push({
        benchmark: 'forms-events',
        case: `min+gzip ${EVENTS} (with dependencies)`,
        unit: 'kB',
        better: 'lower',
        status: 'ok',
        ours: summarize([(await bundleSize(EVENTS, true)) / 1024]),
        theirs: summarize([(await bundleSize(FULL, true)) / 1024]),
        theirsLabel: `${FULL} (main entry)`,
      });
    } catch (error) {
      rows.push({
        benchmark: 'forms-events',
        case: `min+gzip ${EVENTS}`,
        unit: 'kB',
        better: 'lower',
        status: 'error',
        note: (error as Error).message.split('\n')[0]!,
      });
    }

    const dir = mkdtempSync(join(benchRoot, '.forms-events-'));
    const server = await startFakeServer('forms-events');
    try {
      const handlerFile = await bundleHandler(dir);
      const imports: number[] = [];
      const firstEvents: number[] = [];
      for (let i = 0; i < reps; i++) {
        ctx.log(`handler cold start ${i + 1}/${reps}`);
        const key = await server.call<string>('submit');
        const timing = await coldHandler(handlerFile, server.info, key);
        if (timing.acknowledged !== 1)
          throw new Error(`the handler acknowledged ${timing.acknowledged} submissions, not 1`);
        imports.push(timing.importMs);
        firstEvents.push(timing.firstEventMs);
      }
      const sent = await server.call<number>('sent');
      rows.push(
        {
          benchmark: 'forms-events',
          case: 'README Lambda handler: import',
          unit: 'ms',
          better: 'lower',
          status: 'ok',
          ours: summarize(imports),
        },
        {
          benchmark: 'forms-events',
          case: 'README Lambda handler: cold process to first submission acknowledged',
          unit: 'ms',
          better: 'lower',
          status: 'ok',
          ours: summarize(firstEvents),
          note: `${sent} acknowledgements sent by the fake Notify, one per cold process`,
        },
      );
    } catch (error) {
      rows.push({
        benchmark: 'forms-events',
        case: 'README Lambda handler cold start',
        unit: 'ms',
        better: 'lower',
        status: 'error',
        note: (error as Error).message,
      });
    } finally {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    }
    return { rows, notes };
  },
};

export default benchmark;
