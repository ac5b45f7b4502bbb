import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import {
  type FormSubmission,
  type FormsService,
  type NotifyService,
  OneLoginAccessDenied,
  OneLoginAuthorizationError,
  OneLoginStateMismatch,
  type OneLoginService,
  type PayPayment,
  type PayService,
  type Services,
} from '../../src/services/ports.js';

// In-memory stand-ins for the four services, at the app's own port boundary (src/services/ports.ts). Route tests
// use them to steer every branch quickly; the end-to-end tests use the real SDKs against the sandbox.

export const WEBHOOK_SECRET = 'webhook-secret-for-tests';
export const CALLBACK_TOKEN = 'callback-token-for-tests';

export class PayDouble implements PayService {
  payments = new Map<string, PayPayment & { idempotencyKey: string; body: unknown }>();
  refunds: { paymentId: string; amount: number; refund_amount_available: number }[] = [];
  createCalls = 0;
  getCalls = 0;

  async createPayment(body: Parameters<PayService['createPayment']>[0], idempotencyKey: string) {
    this.createCalls++;
    for (const p of this.payments.values()) if (p.idempotencyKey === idempotencyKey) return this.view(p);
    const payment_id = `pay${this.payments.size + 1}${randomUUID().slice(0, 8)}`;
    const p = {
      payment_id,
      amount: body.amount,
      reference: body.reference,
      state: { status: 'created', finished: false },
      idempotencyKey,
      body,
    };
    this.payments.set(payment_id, p);
    return this.view(p);
  }

  async getPayment(id: string) {
    this.getCalls++;
    const p = this.payments.get(id);
    if (!p) throw Object.assign(new Error('Not found'), { status: 404 });
    return this.view(p);
  }

  private view(p: PayPayment): PayPayment {
    const refunded = this.refunds
      .filter((r) => r.paymentId === p.payment_id)
      .reduce((s, r) => s + r.amount, 0);
    return {
      payment_id: p.payment_id,
      amount: p.amount,
      reference: p.reference,
      state: { ...p.state },
      next_url: p.state.finished ? undefined : `https://pay.example/card/${p.payment_id}/${randomUUID()}`,
      // As Pay shows it: the amount less refunds whatever the status (only `available` may be refunded).
      refund_summary: {
        status: p.state.status !== 'success' ? 'unavailable' : p.amount - refunded > 0 ? 'available' : 'full',
        amount_available: p.amount - refunded,
      },
    };
  }

  async cancelPayment(id: string) {
    const p = this.payments.get(id);
    if (!p) throw Object.assign(new Error('Not found'), { status: 404 });
    if (p.state.finished)
      throw Object.assign(new Error('Payment is finished'), { status: 400, code: 'P0502' });
    p.state = { status: 'cancelled', finished: true, code: 'P0040' };
  }

  /** What the resident does on the card page. */
  finish(id: string, status: 'success' | 'failed' | 'cancelled' | 'started', code?: string) {
    const p = this.payments.get(id)!;
    p.state = { status, finished: status !== 'started', code };
  }

  latest(): PayPayment & { body: unknown } {
    return [...this.payments.values()].at(-1)!;
  }

  async findPaymentsByReference(reference: string) {
    return [...this.payments.values()].filter((p) => p.reference === reference).map((p) => this.view(p));
  }

  async refund(paymentId: string, body: { amount: number; refund_amount_available: number }) {
    const p = await this.getPayment(paymentId);
    if (body.refund_amount_available !== p.refund_summary!.amount_available) {
      throw Object.assign(new Error('Refund amount available mismatch.'), { status: 412, code: 'P0604' });
    }
    this.refunds.push({ paymentId, ...body });
    return { refund_id: `ref${this.refunds.length}`, amount: body.amount, status: 'submitted' };
  }

  verifyWebhook(rawBody: Buffer, signature: string | undefined) {
    const expected = createHmac('sha256', WEBHOOK_SECRET).update(rawBody).digest('hex');
    if (
      !signature ||
      signature.length !== expected.length ||
      !timingSafeEqual(Buffer.from(signature), Buffer.from(expected))
    ) {
      throw new Error('bad signature');
    }
    return JSON.parse(rawBody.toString('utf8'));
  }
}

export function signWebhook(body: string): string {
  return createHmac('sha256', WEBHOOK_SECRET).update(body).digest('hex');
}

export class NotifyDouble implements NotifyService {
  sent: {
    id: string;
    channel: 'email' | 'sms';
    to: string;
    template_id: string;
    personalisation: Record<string, string>;
    reference: string;
  }[] = [];
  failNext = 0;

  async sendEmail(body: Parameters<NotifyService['sendEmail']>[0]) {
    if (this.failNext > 0 && this.failNext--)
      throw Object.assign(new Error('Internal server error'), { status: 500 });
    const id = randomUUID();
    this.sent.push({ id, channel: 'email', to: body.email_address, ...body });
    return { id };
  }

  async sendSms(body: Parameters<NotifyService['sendSms']>[0]) {
    const id = randomUUID();
    this.sent.push({ id, channel: 'sms', to: body.phone_number, ...body });
    return { id };
  }

  async findByReference(reference: string, channel: 'email' | 'sms') {
    const found = this.sent.filter((s) => s.reference === reference && s.channel === channel).at(-1);
    return found && { id: found.id };
  }

  verifyDeliveryStatusCallback(authorization: string | undefined, body: unknown) {
    if (authorization !== `Bearer ${CALLBACK_TOKEN}`) throw new Error('bad token');
    const b = body as { id: string; status: string; reference?: string };
    if (typeof b?.id !== 'string' || typeof b.status !== 'string') throw new Error('bad body');
    return b;
  }
}

export interface PersonaDouble {
  sub: string;
  email?: string;
  phone_number?: string;
  /** undefined: identity check fails. */
  identity?: { fullName: string; address: { lines: string[]; postcode: string } };
  returnCodes?: string[];
  /** Answer access_denied to the identity request (client without return codes). */
  accessDenied?: boolean;
}

export const KENNETH: PersonaDouble = {
  sub: 'urn:fdc:gov.uk:2022:kenneth',
  email: 'kenneth@example.com',
  phone_number: '+447700900111',
  identity: {
    fullName: 'Kenneth Decerqueira',
    address: { lines: ['8 Hadley Road', 'Bath'], postcode: 'BA2 5AA' },
  },
};

/**
 * A One Login that signs the resident straight in: the authorisation URL is our own callback with a code, so a
 * test follows redirects without a browser. It checks state and nonce like the real client does.
 */
export class OneLoginDouble implements OneLoginService {
  persona: PersonaDouble = KENNETH;
  private codes = new Map<string, { nonce: string; vtr: string[]; persona: PersonaDouble; state: string }>();
  loggedOut: string[] = [];

  constructor(private readonly appBaseUrl: string) {}

  async createAuthorizationRequest(opts: { vtr: string[]; identity: boolean; uiLocales: 'en' | 'cy' }) {
    const state = randomUUID();
    const nonce = randomUUID();
    const code = randomUUID();
    this.codes.set(code, { nonce, vtr: opts.vtr, persona: this.persona, state });
    const url = new URL(`${this.appBaseUrl}/auth/callback`);
    if (opts.identity && this.persona.accessDenied) {
      url.searchParams.set('error', 'access_denied');
    } else {
      url.searchParams.set('code', code);
    }
    url.searchParams.set('state', state);
    return { url: url.toString(), state, nonce };
  }

  async handleCallback(callbackUrl: string, expected: { state: string; nonce: string; vtr: string[] }) {
    const params = new URL(callbackUrl).searchParams;
    if (params.get('state') !== expected.state) throw new OneLoginStateMismatch('state mismatch');
    if (params.get('error') === 'access_denied') throw new OneLoginAccessDenied('access_denied');
    if (params.get('error')) throw new OneLoginAuthorizationError(params.get('error')!);
    const grant = this.codes.get(params.get('code') ?? '');
    if (!grant || grant.nonce !== expected.nonce) throw new Error('invalid_grant');
    this.codes.delete(params.get('code')!);
    return {
      sub: grant.persona.sub,
      idToken: `id-token-${grant.persona.sub}`,
      accessToken: `at:${grant.vtr.join()}:${grant.persona.sub}`,
    };
  }

  async getUserInfo(accessToken: string, expectedSub: string) {
    const p = this.persona;
    if (!accessToken.endsWith(expectedSub)) throw new Error('sub mismatch');
    const identity = accessToken.startsWith('at:Cl.Cm.P2:');
    return {
      email: p.email,
      phone_number: p.phone_number,
      coreIdentityJWT: identity && p.identity ? `core-identity:${p.sub}` : undefined,
      address: identity ? p.identity?.address : undefined,
      returnCodes: identity ? (p.returnCodes ?? []) : [],
    };
  }

  async verifyCoreIdentity(jwt: string, sub: string) {
    if (jwt !== `core-identity:${sub}`) throw new Error('bad core identity');
    return { fullName: this.persona.identity!.fullName };
  }

  async createLogoutUrl(idTokenHint: string, state: string) {
    this.loggedOut.push(idTokenHint);
    return `${this.appBaseUrl}/signed-out?state=${state}`;
  }

  async verifyLogoutToken(token: string) {
    if (!token.startsWith('logout:')) throw new Error('bad logout token');
    return { sub: token.slice('logout:'.length) };
  }
}

export class FormsDouble implements FormsService {
  delivered: FormSubmission[] = [];
  /** The checkpoint state seen at the start of each pass. */
  passes: unknown[] = [];

  async ingest(opts: Parameters<FormsService['ingest']>[0]) {
    const state = ((await opts.checkpoint.load()) as { processed: string[] } | undefined) ?? {
      processed: [],
    };
    this.passes.push(structuredClone(state));
    for (const s of this.delivered.filter((d) => d.form_id === opts.formId)) {
      if (state.processed.includes(s.key)) continue;
      await opts.handle(s);
      state.processed.push(s.key);
      await opts.checkpoint.save(state);
    }
  }
}

export function createDoubles(appBaseUrl: string) {
  const services = {
    pay: new PayDouble(),
    notify: new NotifyDouble(),
    oneLogin: new OneLoginDouble(appBaseUrl),
    forms: new FormsDouble(),
  };
  return services satisfies Services;
}
