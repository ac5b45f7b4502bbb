/**
 * The README's "Using it from another language" and "Steering over HTTP" examples are what a PHP, .NET or Java
 * developer copies first: run them, as written, with bash, curl and openssl against a live sandbox, and check what
 * they answer. Only the sandbox's address is changed (the README says 4000; the test listens on a free port), and the
 * AWS CLI line is left out (the CLI is not installed here; the curl line before it makes the same signed request).
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../src/index.js';

const run = promisify(execFile);
const README = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const README_URL = 'http://127.0.0.1:4000';
const MARK = '--- next block ---';

/** The ```sh blocks between two headings of the README, in order. */
function shellBlocks(from: string, to: string): string[] {
  const start = README.indexOf(`\n## ${from}\n`);
  const end = README.indexOf(`\n## ${to}\n`, start);
  if (start < 0 || end < 0) throw new Error(`README sections "${from}" .. "${to}" not found`);
  return [...README.slice(start, end).matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]!);
}

const tools = await Promise.all(
  ['curl', 'openssl'].map((tool) =>
    run('bash', ['-c', `command -v ${tool}`]).then(
      () => tool,
      () => undefined,
    ),
  ),
);
const missing = ['curl', 'openssl'].filter((tool) => !tools.includes(tool));
if (missing.length) {
  const why = `${missing.join(' and ')} missing (apt-get install ${missing.join(' ')})`;
  if (process.env.CI === 'true') throw new Error(`${why}: CI must run the README's shell examples`);
  console.warn(`${why}: the README's shell examples are skipped`);
}

/** Runs blocks in one bash (variables carry over, as in a reader's terminal); returns each block's output. */
async function runBlocks(sandbox: Sandbox, blocks: string[], prelude = ''): Promise<string[]> {
  const script = [
    'set -euo pipefail',
    // curl -s prints a body without a newline: end each one, so every answer is a line of its own.
    'curl() { command curl "$@"; echo; }',
    prelude,
    ...blocks.map(
      (block) =>
        `${block
          .replaceAll(README_URL, sandbox.url)
          .split('\n')
          .filter((line) => !line.startsWith('aws '))
          .join('\n')}\necho; echo '${MARK}'`,
    ),
  ].join('\n');
  const { stdout } = await run('bash', ['-c', script], { timeout: 30_000 });
  return stdout.split(`${MARK}\n`).slice(0, blocks.length);
}

/** The JSON documents a block printed, one per line that holds one. */
function jsonLines(output: string): unknown[] {
  return output
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line));
}

describe.skipIf(missing.length > 0)('the README’s shell examples, run as written', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0 });
  });
  afterAll(async () => {
    await sandbox?.close();
  });

  it('"Using it from another language": Notify, Pay, One Login, Forms and reset answer as the README says', async () => {
    const blocks = shellBlocks('Using it from another language', 'Fault injection over HTTP');
    expect(blocks).toHaveLength(6);
    const [, notify, pay, oneLogin, forms, reset] = await runBlocks(sandbox, blocks);

    // The hand-made JWT was accepted and the text message created.
    const [sms] = jsonLines(notify!) as { id: string; content: { body: string } }[];
    expect(sms!.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(sms!.content.body).toContain('PP-1');

    const [payment] = jsonLines(pay!) as {
      payment_id: string;
      state: { status: string };
      _links: { next_url: { href: string } };
    }[];
    expect(payment!.state.status).toBe('created');
    expect(payment!._links.next_url.href).toContain(sandbox.url);

    const [discovery, jwks] = jsonLines(oneLogin!) as [{ issuer: string }, { keys: unknown[] }];
    expect(discovery.issuer).toBe(sandbox.env.ONE_LOGIN_ISSUER);
    expect(jwks.keys.length).toBeGreaterThan(0);

    // The form document, then the bucket listed with a SigV4-signed curl (the bucket checks the signature).
    const [form] = jsonLines(forms!) as { form_id?: string; id?: string; name: string }[];
    expect(form!.name).toBeTruthy();
    expect(forms).toContain('<ListBucketResult');
    expect(forms).not.toContain('SignatureDoesNotMatch');

    expect(jsonLines(reset!)).toEqual([
      { reset: ['notify', 'pay', 'oneLogin', 'forms'] },
      { reset: ['pay'] },
    ]);
  });

  it('"Steering over HTTP": the Notify and Pay blocks steer a message and a payment the reader made', async () => {
    // The reader's own ids ($ID, $PAYMENT): a text message and a payment made with the examples above.
    const [, sent, made] = await runBlocks(
      sandbox,
      shellBlocks('Using it from another language', 'Fault injection over HTTP').slice(0, 3),
    );
    const id = (jsonLines(sent!)[0] as { id: string }).id;
    const paymentId = (jsonLines(made!)[0] as { payment_id: string }).payment_id;
    const [notifyBlock, payBlock] = shellBlocks('Steering over HTTP', 'In-process use (tests, benchmarks)');
    // Each line stands alone in the README (a reader runs the ones they need): the later Pay lines act on a
    // payment the first one finished, and answer 409, which curl -s prints and goes on.
    await runBlocks(
      sandbox,
      [notifyBlock!, payBlock!],
      `ID=${id}; PAYMENT=${paymentId}; DISPUTE=none; MESSAGE=none`,
    );

    const notify = sandbox.fakes.notify;
    expect(notify.notification(id)?.status).toBe('permanent-failure');
    expect(notify.receivedTexts.list().map((t: { content: string }) => t.content)).toContain('STOP');
    const pay = sandbox.fakes.pay;
    expect(pay.journey.payment(paymentId)?.status).toBe('success');
    expect(pay.disputes.list().map((d: { payment_id: string }) => d.payment_id)).toContain(paymentId);
  });
});
