import { createPublicKey } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { exampleForms } from '@council-sdk/forms/testing';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';

/**
 * Everything the sandbox can be told through a JSON/YAML file (`SANDBOX_CONFIG`) or `startSandbox({ config })`.
 * Every field is optional: the defaults give the sample council app (INTEGRATION.md) a working set-up.
 */

function isPublicKeyPem(pem: string): boolean {
  try {
    return createPublicKey(pem).asymmetricKeyType === 'rsa';
  } catch {
    return false;
  }
}

const NotifyTemplate = z.object({
  id: z.uuid(),
  name: z.string().min(1),
  type: z.enum(['email', 'sms', 'letter']),
  subject: z.string().optional(),
  body: z.string(),
  /** Name of the environment variable `/__env` publishes the id under (optional). */
  env: z.string().optional(),
});

const NotifyApiKey = z.object({
  name: z.string().min(1),
  /** Notify's key types: live keys are "normal", "team" only reaches team members, "test" simulates. */
  type: z.enum(['normal', 'team', 'test']).default('normal'),
  /** The secret part (a UUID): the key handed out is `<name>-<service id>-<secret>`. */
  secret: z.uuid(),
});

const OneLoginClient = z.object({
  clientId: z.string().min(1),
  /** Defaults (for the first client) to the sample app's endpoints under `appBaseUrl`. */
  redirectUris: z.array(z.url()).optional(),
  postLogoutRedirectUris: z.array(z.url()).optional(),
  backChannelLogoutUri: z.url().optional(),
  /** PEM public key (SPKI). When absent a key pair is generated at first start and kept in the state file. */
  publicKeyPem: z
    .string()
    .refine(isPublicKeyPem, 'must be a PEM public key (-----BEGIN PUBLIC KEY-----)')
    .optional(),
  scopes: z.array(z.string()).optional(),
});

/** A One Login persona, in the One Login fake's own shape (`Persona` in @council-sdk/one-login/testing). */
const Persona = z.looseObject({
  id: z.string().min(1),
  label: z.string().min(1),
  sub: z.string().min(1),
  email: z.string().min(1),
});

const FormsConfig = z.object({
  bucket: z.string().min(3).default('council-form-submissions'),
  region: z.string().default('eu-west-2'),
  accessKeyId: z.string().default('AKIASANDBOXEXAMPLE01'),
  secretAccessKey: z.string().default('sandbox/secret/access/key/example/000000'),
  /** Form documents (v2 shape) to seed, served as `live`; default: "Report a missed bin collection" (en + cy). */
  forms: z.array(z.looseObject({ form_id: z.string().min(1), name: z.string().min(1) })).optional(),
  /** Which form `FORMS_MISSED_BIN_FORM_ID` points at. */
  missedBinFormId: z.string().optional(),
});

export const SandboxConfigSchema = z.object({
  /** Public URL of the app using the sandbox (callbacks, webhooks and redirect URIs are derived from it). */
  appBaseUrl: z.url().optional(),
  app: z
    .object({
      dataDir: z.string().optional(),
      sessionSecret: z.string().min(32).optional(),
      backOfficeUsername: z.string().min(1).optional(),
      backOfficePassword: z.string().min(8).optional(),
    })
    .optional(),
  notify: z
    .object({
      serviceId: z.uuid().optional(),
      serviceName: z.string().optional(),
      apiKeys: z.array(NotifyApiKey).min(1).optional(),
      /** The delivery-status callback; `null` turns it off. */
      callback: z
        .object({ url: z.url().optional(), bearerToken: z.string().min(10).optional() })
        .nullable()
        .optional(),
      templates: z.array(NotifyTemplate).optional(),
      /**
       * `simulated` (default): every message reaches its final status by itself within seconds, with its
       * delivery-status callback, as on Notify (which delivers live- and team-key messages within seconds and
       * simulates test-key ones); the inbox buttons can still move a message on first.
       * `manual`: messages wait in the inbox until someone moves them on (test-key ones still move by themselves).
       * `immediate`: every message is delivered (or fails, for the simulator recipients) as soon as it is sent.
       */
      delivery: z.enum(['simulated', 'manual', 'immediate']).optional(),
    })
    .optional(),
  pay: z
    .object({
      apiKey: z.string().min(1).optional(),
      /**
       * Show Pay's "Confirm your payment" page between the card details and the charge. Off by default: browser
       * tests written against the sandbox without it would have to wait for one more page.
       */
      confirmationPage: z.boolean().optional(),
      /**
       * Pay's per-account rate limits (creating payments 15 a second, captures 15, other POSTs 15, GETs about 75),
       * on by default as on every real Pay account; `false` turns them off, for load-testing your own service.
       */
      rateLimits: z.literal(false).optional(),
      /** The webhook subscription; `null` turns it off. */
      webhook: z
        .object({ url: z.url().optional(), secret: z.string().min(1).optional() })
        .nullable()
        .optional(),
    })
    .optional(),
  oneLogin: z
    .object({
      clients: z.array(OneLoginClient).min(1).optional(),
      personas: z.array(Persona).optional(),
    })
    .optional(),
  forms: FormsConfig.partial().optional(),
});

export type SandboxConfig = z.input<typeof SandboxConfigSchema>;

/** Fixed ids so a restart (or a second laptop) hands out the same values the app was configured with. */
export const DEFAULT_IDS = {
  notifyServiceId: '7a6b1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d',
  notifyLiveSecret: '3b1e9a6c-5d2f-4e8a-9b7c-1d2e3f4a5b6c',
  notifyTestSecret: '9c8b7a6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d',
  templatePermitEmail: '4f2b7c1e-8a3d-4e6f-9b2a-5c7d8e9f0a11',
  templatePermitSms: '4f2b7c1e-8a3d-4e6f-9b2a-5c7d8e9f0a12',
  templateFormsAckEmail: '4f2b7c1e-8a3d-4e6f-9b2a-5c7d8e9f0a13',
  templatePermitEmailCy: '4f2b7c1e-8a3d-4e6f-9b2a-5c7d8e9f0a14',
  templatePermitSmsCy: '4f2b7c1e-8a3d-4e6f-9b2a-5c7d8e9f0a15',
  templateFormsAckEmailCy: '4f2b7c1e-8a3d-4e6f-9b2a-5c7d8e9f0a16',
  templateRefundEmail: '4f2b7c1e-8a3d-4e6f-9b2a-5c7d8e9f0a17',
  templateRefundSms: '4f2b7c1e-8a3d-4e6f-9b2a-5c7d8e9f0a18',
  templateRefundEmailCy: '4f2b7c1e-8a3d-4e6f-9b2a-5c7d8e9f0a19',
  templateRefundSmsCy: '4f2b7c1e-8a3d-4e6f-9b2a-5c7d8e9f0a1a',
  missedBinFormId: exampleForms.missedBinCollection.form_id,
} as const;

export const DEFAULT_TEMPLATES: z.input<typeof NotifyTemplate>[] = [
  {
    id: DEFAULT_IDS.templatePermitEmail,
    name: 'Parking permit application received (email)',
    type: 'email',
    env: 'NOTIFY_TEMPLATE_PERMIT_EMAIL',
    subject: 'Parking permit application ((reference))',
    body: [
      'Dear ((full_name)),',
      '',
      'We have received your application for a resident parking permit.',
      '',
      '^ Your reference is ((reference))',
      '',
      '* Vehicle registration: ((vehicle_registration))',
      '* Permit length: ((permit_length))',
      '* Amount paid: ((amount))',
      '',
      'We will email you again when your permit is ready.',
      '',
      'Parking Services',
    ].join('\n'),
  },
  {
    id: DEFAULT_IDS.templatePermitSms,
    name: 'Parking permit application received (text message)',
    type: 'sms',
    env: 'NOTIFY_TEMPLATE_PERMIT_SMS',
    body: 'Parking permit application ((reference)) received. Amount paid: ((amount)).',
  },
  {
    id: DEFAULT_IDS.templateFormsAckEmail,
    name: 'Form submission received (email)',
    type: 'email',
    env: 'NOTIFY_TEMPLATE_FORMS_ACK_EMAIL',
    subject: 'We have received your report ((reference))',
    body: [
      'Thank you for your report.',
      '',
      'We have received your ((form_name)) report. Your reference is ((reference)).',
      '',
      'We aim to deal with reports within 2 working days.',
    ].join('\n'),
  },
  // Welsh versions: Notify has no per-language template, a service keeps one template per language and picks it.
  {
    id: DEFAULT_IDS.templatePermitEmailCy,
    name: 'Cais am drwydded parcio wedi dod i law (e-bost)',
    type: 'email',
    env: 'NOTIFY_TEMPLATE_PERMIT_EMAIL_CY',
    subject: 'Cais am drwydded parcio ((reference))',
    body: [
      'Annwyl ((full_name)),',
      '',
      'Rydym wedi cael eich cais am drwydded parcio i breswylwyr.',
      '',
      '^ Eich cyfeirnod yw ((reference))',
      '',
      '* Rhif cofrestru’r cerbyd: ((vehicle_registration))',
      '* Hyd y drwydded: ((permit_length))',
      '* Swm a dalwyd: ((amount))',
      '',
      'Byddwn yn anfon e-bost atoch eto pan fydd eich trwydded yn barod.',
      '',
      'Gwasanaethau Parcio',
    ].join('\n'),
  },
  {
    id: DEFAULT_IDS.templatePermitSmsCy,
    name: 'Cais am drwydded parcio wedi dod i law (neges destun)',
    type: 'sms',
    env: 'NOTIFY_TEMPLATE_PERMIT_SMS_CY',
    body: 'Mae cais am drwydded parcio ((reference)) wedi dod i law. Swm a dalwyd: ((amount)).',
  },
  {
    id: DEFAULT_IDS.templateFormsAckEmailCy,
    name: 'Ffurflen wedi dod i law (e-bost)',
    type: 'email',
    env: 'NOTIFY_TEMPLATE_FORMS_ACK_EMAIL_CY',
    subject: 'Rydym wedi cael eich adroddiad ((reference))',
    body: [
      'Diolch am eich adroddiad.',
      '',
      'Rydym wedi cael eich adroddiad ((form_name)). Eich cyfeirnod yw ((reference)).',
      '',
      'Ein nod yw delio ag adroddiadau o fewn 2 ddiwrnod gwaith.',
    ].join('\n'),
  },
  {
    id: DEFAULT_IDS.templateRefundEmail,
    name: 'Parking permit refund (email)',
    type: 'email',
    env: 'NOTIFY_TEMPLATE_REFUND_EMAIL',
    subject: 'Refund for parking permit application ((reference))',
    body: [
      'Dear ((full_name)),',
      '',
      'We have refunded ((amount)) for your parking permit application ((reference)).',
      '',
      'The money should be back in your account within 5 to 10 working days.',
      '',
      'Parking Services',
    ].join('\n'),
  },
  {
    id: DEFAULT_IDS.templateRefundSms,
    name: 'Parking permit refund (text message)',
    type: 'sms',
    env: 'NOTIFY_TEMPLATE_REFUND_SMS',
    body: 'We have refunded ((amount)) for parking permit application ((reference)). It should reach your account within 5 to 10 working days.',
  },
  {
    id: DEFAULT_IDS.templateRefundEmailCy,
    name: 'Ad-daliad trwydded parcio (e-bost)',
    type: 'email',
    env: 'NOTIFY_TEMPLATE_REFUND_EMAIL_CY',
    subject: 'Ad-daliad ar gyfer cais am drwydded parcio ((reference))',
    body: [
      'Annwyl ((full_name)),',
      '',
      'Rydym wedi ad-dalu ((amount)) ar gyfer eich cais am drwydded parcio ((reference)).',
      '',
      'Dylai’r arian fod yn ôl yn eich cyfrif o fewn 5 i 10 diwrnod gwaith.',
      '',
      'Gwasanaethau Parcio',
    ].join('\n'),
  },
  {
    id: DEFAULT_IDS.templateRefundSmsCy,
    name: 'Ad-daliad trwydded parcio (neges destun)',
    type: 'sms',
    env: 'NOTIFY_TEMPLATE_REFUND_SMS_CY',
    body: 'Rydym wedi ad-dalu ((amount)) ar gyfer cais am drwydded parcio ((reference)). Dylai gyrraedd eich cyfrif o fewn 5 i 10 diwrnod gwaith.',
  },
];

export interface NotifyTemplateConfig {
  id: string;
  name: string;
  type: 'email' | 'sms' | 'letter';
  subject?: string | undefined;
  body: string;
  env?: string | undefined;
}

export interface ResolvedConfig {
  appBaseUrl: string;
  app: {
    port: string;
    dataDir: string;
    sessionSecret: string;
    backOfficeUsername: string;
    backOfficePassword: string;
  };
  notify: {
    serviceId: string;
    serviceName: string;
    apiKeys: { name: string; type: 'normal' | 'team' | 'test'; secret: string; key: string }[];
    callback: { url: string; bearerToken: string } | null;
    templates: NotifyTemplateConfig[];
    delivery: 'simulated' | 'manual' | 'immediate';
  };
  pay: {
    apiKey: string;
    confirmationPage: boolean;
    rateLimits: boolean;
    webhook: { url: string; secret: string } | null;
  };
  oneLogin: {
    clients: {
      clientId: string;
      redirectUris: string[];
      postLogoutRedirectUris: string[];
      backChannelLogoutUri: string | undefined;
      publicKeyPem: string | undefined;
      scopes: string[];
    }[];
    /** Undefined: the One Login fake's built-in personas. */
    personas:
      | (Record<string, unknown> & { id: string; label: string; sub: string; email: string })[]
      | undefined;
  };
  forms: {
    bucket: string;
    region: string;
    accessKeyId: string;
    secretAccessKey: string;
    forms: (Record<string, unknown> & { form_id: string; name: string })[];
    missedBinFormId: string;
  };
}

export class SandboxConfigError extends Error {
  override name = 'SandboxConfigError';
}

/** Validates a config object (from a file or code) and fills in every default. */
export function resolveConfig(
  input: SandboxConfig = {},
  overrides: { appBaseUrl?: string } = {},
): ResolvedConfig {
  const parsed = SandboxConfigSchema.safeParse(input);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new SandboxConfigError(`Invalid sandbox configuration:\n${lines.join('\n')}`);
  }
  const c = parsed.data;
  const appBaseUrl = (overrides.appBaseUrl ?? c.appBaseUrl ?? 'http://127.0.0.1:3000').replace(/\/+$/, '');
  const appUrl = new URL(appBaseUrl);
  const serviceId = c.notify?.serviceId ?? DEFAULT_IDS.notifyServiceId;
  const apiKeys = (
    c.notify?.apiKeys ?? [
      { name: 'council_app_live', type: 'normal' as const, secret: DEFAULT_IDS.notifyLiveSecret },
      { name: 'council_app_test', type: 'test' as const, secret: DEFAULT_IDS.notifyTestSecret },
    ]
  ).map((k) => ({ ...k, type: k.type ?? 'normal', key: `${k.name}-${serviceId}-${k.secret}` }));

  const notifyCallback =
    c.notify?.callback === null
      ? null
      : {
          url: c.notify?.callback?.url ?? `${appBaseUrl}/callbacks/notify/status`,
          bearerToken: c.notify?.callback?.bearerToken ?? 'sandbox-notify-callback-token-0001',
        };
  const payWebhook =
    c.pay?.webhook === null
      ? null
      : {
          url: c.pay?.webhook?.url ?? `${appBaseUrl}/webhooks/pay`,
          secret: c.pay?.webhook?.secret ?? 'webhook_test_sandboxsigningsecret000000000000',
        };

  const clients = (c.oneLogin?.clients ?? [{ clientId: 'council-app' }]).map((client, index) => ({
    clientId: client.clientId,
    // Only the first client is assumed to be the sample app; others must say where they live.
    redirectUris: client.redirectUris ?? (index === 0 ? [`${appBaseUrl}/auth/callback`] : []),
    postLogoutRedirectUris:
      client.postLogoutRedirectUris ?? (index === 0 ? [`${appBaseUrl}/signed-out`] : []),
    backChannelLogoutUri:
      client.backChannelLogoutUri ?? (index === 0 ? `${appBaseUrl}/auth/backchannel-logout` : undefined),
    publicKeyPem: client.publicKeyPem,
    scopes: client.scopes ?? ['openid', 'email', 'phone'],
  }));

  // Default: GOV.UK Forms' "Report a missed bin collection" example, in English and Welsh, from the Forms fake.
  const forms = c.forms?.forms ?? [
    exampleForms.missedBinCollection.en as unknown as ResolvedConfig['forms']['forms'][number],
    exampleForms.missedBinCollection.cy as unknown as ResolvedConfig['forms']['forms'][number],
  ];
  return {
    appBaseUrl,
    app: {
      port: appUrl.port || (appUrl.protocol === 'https:' ? '443' : '80'),
      dataDir: c.app?.dataDir ?? '.data',
      sessionSecret: c.app?.sessionSecret ?? 'sandbox-session-secret-not-for-production-0000000000',
      backOfficeUsername: c.app?.backOfficeUsername ?? 'staff',
      backOfficePassword: c.app?.backOfficePassword ?? 'sandbox-staff-password',
    },
    notify: {
      serviceId,
      serviceName: c.notify?.serviceName ?? 'Council sandbox',
      apiKeys,
      callback: notifyCallback,
      templates: c.notify?.templates ?? DEFAULT_TEMPLATES,
      delivery: c.notify?.delivery ?? 'simulated',
    },
    pay: {
      apiKey: c.pay?.apiKey ?? 'api_test_sandboxcouncilapp00000000000000000000000000',
      confirmationPage: c.pay?.confirmationPage ?? false,
      rateLimits: c.pay?.rateLimits ?? true,
      webhook: payWebhook,
    },
    oneLogin: {
      clients,
      personas: c.oneLogin?.personas as ResolvedConfig['oneLogin']['personas'],
    },
    forms: {
      bucket: c.forms?.bucket ?? 'council-form-submissions',
      region: c.forms?.region ?? 'eu-west-2',
      accessKeyId: c.forms?.accessKeyId ?? 'AKIASANDBOXEXAMPLE01',
      secretAccessKey: c.forms?.secretAccessKey ?? 'sandbox/secret/access/key/example/000000',
      forms: forms as ResolvedConfig['forms']['forms'],
      missedBinFormId: c.forms?.missedBinFormId ?? forms[0]?.form_id ?? DEFAULT_IDS.missedBinFormId,
    },
  };
}

/** Reads a JSON or YAML config file (YAML for `.yaml`/`.yml`, JSON otherwise). */
export async function loadConfigFile(path: string): Promise<SandboxConfig> {
  const text = await readFile(path, 'utf8');
  const ext = extname(path).toLowerCase();
  try {
    const data: unknown = ext === '.yaml' || ext === '.yml' ? parseYaml(text) : JSON.parse(text);
    return (data ?? {}) as SandboxConfig;
  } catch (error) {
    throw new SandboxConfigError(`Cannot parse ${path}: ${(error as Error).message}`);
  }
}
