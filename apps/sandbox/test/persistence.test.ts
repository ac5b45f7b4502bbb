import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import type { NotifyFake } from '@council-sdk/notify/testing';
import { OneLoginClient } from '@council-sdk/one-login';
import type { PayFake } from '@council-sdk/pay/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../src/index.js';
import type { FormsSandboxFake } from '../src/services/forms.js';
import { clientsFor, postForm, startReceiver } from './helpers.js';

let dir: string;
let stateFile: string;
let sandbox: Sandbox | undefined;
let app: Awaited<ReturnType<typeof startReceiver>>;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sandbox-state-'));
  stateFile = join(dir, 'state.json');
  app = await startReceiver();
});
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
  await app.close();
  await rm(dir, { recursive: true, force: true });
});

async function signIn(s: Sandbox) {
  const client = new OneLoginClient({
    environment: { issuer: s.env['ONE_LOGIN_ISSUER']! },
    clientId: s.env['ONE_LOGIN_CLIENT_ID']!,
    privateKey: s.env['ONE_LOGIN_PRIVATE_KEY']!,
    redirectUri: `${app.url}/auth/callback`,
    userAgent: 'sandbox-tests/1.0',
  });
  const auth = await client.createAuthorizationRequest();
  const page = new URL((await fetch(auth.url, { redirect: 'manual' })).headers.get('location')!);
  const chosen = await postForm(`${s.url}/one-login/sign-in`, {
    interaction: page.searchParams.get('id')!,
    persona: 'persona:authenticated',
  });
  return client.handleCallback(chosen.headers.get('location')!, auth);
}

describe('persistence', () => {
  it('keeps messages, payments, sessions and delivered forms across a restart', async () => {
    sandbox = await startSandbox({ port: 0, appBaseUrl: app.url, stateFile });
    const notify = clientsFor(sandbox).notify;
    const sent = await notify.sms.send({
      template_id: sandbox.env['NOTIFY_TEMPLATE_PERMIT_SMS']!,
      phone_number: '07700900123',
      personalisation: { reference: 'PP-9', amount: '£1.00' },
    });
    const pay = clientsFor(sandbox).pay;
    const payment = await pay.payments.create({
      amount: 1234,
      description: 'Permit',
      reference: 'PP-9',
      return_url: `${app.url}/return`,
    });
    (sandbox.fakes.pay as PayFake).completePayment(payment.payment_id);
    const signedIn = await signIn(sandbox);
    const formRes = await postForm(
      `${sandbox.url}/dashboard/forms/${sandbox.env['FORMS_MISSED_BIN_FORM_ID']}`,
      {
        q_Hk4mTp2W_address1: '1 Street',
        q_Hk4mTp2W_town_or_city: 'Town',
        q_Hk4mTp2W_postcode: 'SW1A 1AA',
        q_Qd8vRz3N_day: '1',
        q_Qd8vRz3N_month: '2',
        q_Qd8vRz3N_year: '2026',
        q_Nc5tGy8J_first_name: 'A',
        q_Nc5tGy8J_last_name: 'B',
        q_Tm3pVd6K: 'a@example.com',
        delivery: 's3-json',
      },
    );
    expect(formRes.status).toBe(200);
    const env = sandbox.env;
    await sandbox.close();

    sandbox = await startSandbox({ port: 0, appBaseUrl: app.url, stateFile });
    // Same credentials (the generated key pair comes back from the file).
    expect(sandbox.env['ONE_LOGIN_PRIVATE_KEY']).toBe(env['ONE_LOGIN_PRIVATE_KEY']);
    const notify2 = clientsFor(sandbox).notify;
    expect((await notify2.notifications.get(sent.id)).body).toContain('PP-9');
    expect((sandbox.fakes.notify as NotifyFake).inbox()).toHaveLength(1);
    const pay2 = clientsFor(sandbox).pay;
    expect((await pay2.payments.get(payment.payment_id)).state.status).toBe('success');
    expect((sandbox.fakes.forms as FormsSandboxFake).s3.objects()).toHaveLength(1);
    const page = await (await fetch(`${sandbox.url}/dashboard/one-login`)).text();
    expect(page).toContain(signedIn.claims.sub);
    // A new sign-in still works with the same private key after the restart.
    expect((await signIn(sandbox)).claims.sub).toBe(signedIn.claims.sub);
  });

  it('POST /__reset forgets the state, in memory and in the file', async () => {
    sandbox = await startSandbox({ port: 0, appBaseUrl: app.url, stateFile });
    const notify = clientsFor(sandbox).notify;
    await notify.sms.send({
      template_id: sandbox.env['NOTIFY_TEMPLATE_PERMIT_SMS']!,
      phone_number: '07700900123',
      personalisation: { reference: 'PP-10', amount: '£1.00' },
    });
    await sandbox.save();
    expect(JSON.parse(await readFile(stateFile, 'utf8')).fakes.notify.state.model.notifications).toHaveLength(
      1,
    );
    expect((await fetch(`${sandbox.url}/__reset`, { method: 'POST' })).status).toBe(200);
    expect((sandbox.fakes.notify as NotifyFake).inbox()).toHaveLength(0);
    expect(JSON.parse(await readFile(stateFile, 'utf8')).fakes.notify.state.model.notifications).toHaveLength(
      0,
    );
    // Reset keeps configuration: the same key still sends.
    await expect(
      notify.sms.send({
        template_id: sandbox.env['NOTIFY_TEMPLATE_PERMIT_SMS']!,
        phone_number: '07700900123',
        personalisation: { reference: 'PP-11', amount: '£1.00' },
      }),
    ).resolves.toMatchObject({ reference: null });
  });

  it('starts a service clean when its saved state cannot be restored', async () => {
    sandbox = await startSandbox({ port: 0, stateFile });
    await sandbox.close();
    const saved = JSON.parse(await readFile(stateFile, 'utf8'));
    saved.fakes.pay = { version: 99 };
    await writeFile(stateFile, JSON.stringify(saved));
    sandbox = await startSandbox({ port: 0, stateFile });
    expect((sandbox.fakes.pay as PayFake).payments.list()).toEqual([]);
  });

  it('never shows its credentials when the handle is logged or serialised', async () => {
    sandbox = await startSandbox({ port: 0, stateFile });
    const shown = `${JSON.stringify(sandbox)} ${inspect(sandbox, { depth: 10 })}`;
    expect(shown).toContain(sandbox.url);
    for (const name of [
      'NOTIFY_API_KEY',
      'PAY_API_KEY',
      'PAY_WEBHOOK_SECRET',
      'ONE_LOGIN_PRIVATE_KEY',
      'AWS_SECRET_ACCESS_KEY',
    ]) {
      expect(shown).not.toContain(sandbox.env[name]!);
    }
    expect(shown).not.toContain('PRIVATE KEY');
  });
});
