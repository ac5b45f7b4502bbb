// The app talks to each GOV.UK service through one small interface. The real implementations
// (notify.ts, pay.ts, one-login.ts, forms.ts) are thin wrappers over the council-sdk clients; tests may pass
// their own. Field names follow the services' wire names, as the SDKs do.

export interface PayPayment {
  payment_id: string;
  amount: number;
  reference: string;
  state: { status: string; finished: boolean; code?: string | undefined };
  /** Where to send the resident to pay; present until the payment is finished. Single use. */
  next_url?: string | undefined;
  refund_summary?:
    | { status: string; amount_available: number; amount_submitted?: number | undefined }
    | undefined;
}

export interface PayWebhookEvent {
  webhook_message_id: string;
  event_type: string;
  resource_id: string;
}

/** A webhook or callback we refuse: 401 when it cannot prove its origin, 400 when it can but makes no sense. */
export class HookRejected extends Error {
  override name = 'HookRejected';
  constructor(
    message: string,
    readonly status: 400 | 401,
  ) {
    super(message);
  }
}

export interface PayService {
  createPayment(
    body: {
      amount: number;
      reference: string;
      description: string;
      return_url: string;
      language: 'en' | 'cy';
      email?: string | undefined;
      metadata?: Record<string, string | number | boolean>;
    },
    idempotencyKey: string,
  ): Promise<PayPayment>;
  getPayment(paymentId: string): Promise<PayPayment>;
  /** Cancels a payment not yet paid (Pay answers P0501/P0502 once it is finished or being captured). */
  cancelPayment(paymentId: string): Promise<void>;
  /** Successful payments with this reference (GOV.UK Forms payment links use the submission reference). */
  findPaymentsByReference(reference: string): Promise<PayPayment[]>;
  refund(
    paymentId: string,
    body: { amount: number; refund_amount_available: number },
  ): Promise<{ refund_id: string; amount: number; status: string }>;
  /** Verifies the Pay-Signature of a raw webhook body; throws if it is not from Pay. */
  verifyWebhook(rawBody: Buffer, signature: string | undefined): PayWebhookEvent;
}

export interface NotifyService {
  sendEmail(body: {
    template_id: string;
    email_address: string;
    personalisation: Record<string, string>;
    reference: string;
  }): Promise<{ id: string }>;
  sendSms(body: {
    template_id: string;
    phone_number: string;
    personalisation: Record<string, string>;
    reference: string;
  }): Promise<{ id: string }>;
  /** The newest message we sent with this reference on this channel, if Notify has one (to avoid sending twice). */
  findByReference(reference: string, channel: 'email' | 'sms'): Promise<{ id: string } | undefined>;
  /** Checks the callback's bearer token and parses a delivery receipt; throws if it is not from Notify. */
  verifyDeliveryStatusCallback(
    authorizationHeader: string | undefined,
    body: unknown,
  ): { id: string; status: string; reference?: string | null | undefined };
}

export interface IdentityAddress {
  lines: string[];
  postcode: string;
  uprn?: string | undefined;
}

/** One Login answered the redirect with `error=<code>` (RFC 6749 4.1.2.1) instead of a code. */
export class OneLoginAuthorizationError extends Error {
  override name = 'OneLoginAuthorizationError';
  constructor(readonly code: string) {
    super(`One Login returned ${code}`);
  }
}

/** One Login answered `error=access_denied` (for identity: the check failed and no return codes were asked for). */
export class OneLoginAccessDenied extends OneLoginAuthorizationError {
  override name = 'OneLoginAccessDenied';
  constructor(_message?: string) {
    super('access_denied');
  }
}

/** The callback's `state` is not the one this session is waiting for (an old tab, a second sign-in elsewhere). */
export class OneLoginStateMismatch extends Error {
  override name = 'OneLoginStateMismatch';
}

export interface OneLoginService {
  createAuthorizationRequest(opts: {
    vtr: string[];
    identity: boolean;
    uiLocales: 'en' | 'cy';
  }): Promise<{ url: string; state: string; nonce: string; codeVerifier?: string | undefined }>;
  /** Validates the callback (state, code exchange, ID token); throws OneLoginAccessDenied for access_denied. */
  handleCallback(
    callbackUrl: string,
    expected: { state: string; nonce: string; codeVerifier?: string | undefined; vtr: string[] },
  ): Promise<{ sub: string; idToken: string; accessToken: string }>;
  getUserInfo(
    accessToken: string,
    expectedSub: string,
  ): Promise<{
    email?: string | undefined;
    phone_number?: string | undefined;
    coreIdentityJWT?: string | undefined;
    address?: IdentityAddress | undefined;
    returnCodes: string[];
  }>;
  /** Verifies the core identity JWT and returns the name on it. */
  verifyCoreIdentity(jwt: string, sub: string): Promise<{ fullName: string; birthDate?: string | undefined }>;
  createLogoutUrl(idTokenHint: string, state: string): Promise<string>;
  verifyLogoutToken(token: string): Promise<{ sub: string }>;
}

export interface FormSubmission {
  key: string;
  form_id: string;
  form_name: string;
  submission_reference: string;
  submitted_at: string;
  /** `en` or `cy` on forms available in both languages (GOV.UK Forms adds it to the submission). */
  language?: string | undefined;
  answers: { question_text: string; answer_text: string | string[] }[];
}

/** Where the watcher records what it has handled (the SDK's CheckpointStore shape; we keep it in the database). */
export interface CheckpointStore {
  // biome-ignore lint/suspicious/noExplicitAny: the state is the SDK's own (opaque to the app, stored as JSON)
  load(): Promise<any | undefined>;
  // biome-ignore lint/suspicious/noExplicitAny: as above
  save(state: any): Promise<void>;
}

export interface FormsService {
  /**
   * One pass over the bucket for a form: every submission not yet in the checkpoint is given to `handle`, and
   * recorded in the checkpoint only once `handle` has resolved (so a crash hands it out again, never skips it).
   */
  ingest(opts: {
    formId: string;
    checkpoint: CheckpointStore;
    handle: (submission: FormSubmission) => Promise<void>;
    signal?: AbortSignal;
  }): Promise<void>;
}

export interface Services {
  pay: PayService;
  notify: NotifyService;
  oneLogin: OneLoginService;
  forms: FormsService;
}
