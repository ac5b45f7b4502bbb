// Forms parsing: 100,000 JSON submissions and a 100,000-row batch CSV, with the plain parsers underneath
// (JSON.parse, csv-parse) as the floor.
import { performance } from 'node:perf_hooks';
import { repeatPair } from '../harness/measure.js';
import { pairRow, versionOf } from '../harness/sides.js';
import { summarize } from '../harness/stats.js';
import type { Benchmark, Row } from '../harness/types.js';

const MB = 1024 * 1024;

const benchmark: Benchmark = {
  name: 'forms-parse',
  title: 'Forms: parsing 100,000 JSON submissions and a 100,000-row CSV batch',
  requires: {
    '@council-sdk/forms': ['parseJsonSubmission', 'parseCsvSubmissions', 'S3SubmissionSource'],
    '@council-sdk/forms/testing': ['buildSubmission', 'buildBatchCsv', 'createS3Fake', 'exampleForms'],
  },
  timeoutMs: 180_000,
  async run(ctx) {
    const forms = await import('@council-sdk/forms');
    const testing = await import('@council-sdk/forms/testing');
    const { parse: csvParse } = await import('csv-parse/sync');
    const rows: Row[] = [];
    const notes: string[] = [];

    // ---- inputs: distinct submissions from the forms fake's builder, cycled up to the target count.
    const distinct = ctx.size(500, 200);
    const form = testing.exampleForms.missedBinCollection;
    const built = Array.from({ length: distinct }, (_, i) =>
      testing.buildSubmission(form.en, {
        ...testing.exampleAnswers.missedBinCollection,
        [form.steps.photo]: null,
        [form.steps.name]: { first_name: `Sam${i}`, last_name: 'Jones' },
        [form.steps.email]: `resident${i}@example.com`,
      }),
    );

    // ---- JSON
    {
      const n = ctx.size(100_000, 20_000);
      const inputs = Array.from({ length: n }, (_, i) => built[i % distinct]!.json);
      ctx.log(`JSON: ${n} submissions (${distinct} distinct, ${Math.round(inputs[0]!.length)} bytes each)`);
      const reps = 2;
      const t = await repeatPair(
        async () => {
          const start = performance.now();
          for (const s of inputs) forms.parseJsonSubmission(s);
          return n / ((performance.now() - start) / 1000);
        },
        async () => {
          const start = performance.now();
          for (const s of inputs) JSON.parse(s);
          return n / ((performance.now() - start) / 1000);
        },
        { warmup: 1, reps },
      );
      rows.push(
        pairRow(
          'forms-parse',
          `parseJsonSubmission x ${n.toLocaleString('en-GB')}`,
          'subs/s',
          'higher',
          t.ours,
          t.theirs,
          'JSON.parse alone (floor)',
          undefined,
          `${((n / median(t.ours)) * 1000).toFixed(0)} ms for all ${n.toLocaleString('en-GB')}`,
        ),
      );
    }

    // ---- CSV batch
    {
      const n = ctx.size(100_000, 20_000);
      const [batch] = testing.buildBatchCsv(built, { schedule: 'daily', date: '2026-03-24' });
      const content = batch!.content;
      const firstNewline = content.indexOf('\n');
      const header = content.slice(0, firstNewline + 1);
      const body = content.slice(firstNewline + 1);
      const csv = header + body.repeat(n / distinct);
      ctx.log(`CSV: one batch file of ${n} rows (${(csv.length / MB).toFixed(1)} MB)`);
      const reps = ctx.size(2, 1);
      const t = await repeatPair(
        async () => {
          const start = performance.now();
          const parsed = forms.parseCsvSubmissions(csv);
          if (parsed.length !== n) throw new Error(`parsed ${parsed.length} rows, expected ${n}`);
          return n / ((performance.now() - start) / 1000);
        },
        async () => {
          const start = performance.now();
          const records = csvParse(csv) as unknown[];
          if (records.length !== n + 1) throw new Error(`csv-parse gave ${records.length} records`);
          return n / ((performance.now() - start) / 1000);
        },
        { warmup: 1, reps },
      );
      rows.push(
        pairRow(
          'forms-parse',
          `parseCsvSubmissions, ${n.toLocaleString('en-GB')}-row batch`,
          'rows/s',
          'higher',
          t.ours,
          t.theirs,
          `csv-parse ${versionOf('csv-parse')} alone (floor)`,
          undefined,
          `${((n / median(t.ours)) * 1000).toFixed(0)} ms for the file`,
        ),
      );
    }

    notes.push(
      `Parsing inputs: ${distinct} distinct submissions of the example "Report a missed bin collection" form made by the forms fake's \`buildSubmission\`, cycled to the count; the CSV batch is \`buildBatchCsv\` of those, its rows repeated. The floor columns are the plain parsers alone (no validation, no typed shape), so the ratio shows what validation and shaping cost.`,
    );
    return { rows, notes };
  },
};

function median(xs: number[]): number {
  return summarize(xs).median;
}

export default benchmark;
