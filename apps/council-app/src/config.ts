import { inspect } from 'node:util';
import { z } from 'zod';

// Every setting comes from the environment (twelve-factor), validated once at start-up so a missing or
// malformed variable stops the app with a message naming it, instead of failing on the first request.

const url = z.url({ message: 'must be a URL (http:// or https://)' });
const nonEmpty = z.string().trim().min(1, { message: 'must not be empty' });
const optional = z
  .string()
  .trim()
  .optional()
  .transform((v) => (v === '' ? undefined : v));

/** Where `pnpm start` runs the sandbox: the default for every service URL, so a fresh checkout talks to fakes. */
export const SANDBOX_URL = 'http://127.0.0.1:4000';

export const ConfigSchema = z.object({
  APP_BASE_URL: url.default('http://127.0.0.1:3000'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** postgres://user:password@host:5432/db: keep everything in PostgreSQL (any number of instances). */
  DATABASE_URL: optional.pipe(
    z
      .string()
      .regex(/^postgres(ql)?:\/\//, { message: 'must be a postgres:// URL' })
      .optional(),
  ),
  /** Connections per instance to DATABASE_URL. */
  DATABASE_POOL_SIZE: z.coerce.number().int().min(2).max(100).default(10),
  /** Without DATABASE_URL: where the embedded PostgreSQL (PGlite) keeps its files; ':memory:' keeps nothing. */
  DATA_DIR: nonEmpty.default('.data'),
  SESSION_SECRET: z.string().min(32, { message: 'must be at least 32 characters (use a long random value)' }),

  BACK_OFFICE_USERNAME: optional,
  BACK_OFFICE_PASSWORD: optional,

  // Real services: https://api.notifications.service.gov.uk, https://publicapi.payments.service.gov.uk,
  // https://oidc.integration.account.gov.uk/ (or production), https://s3.<region>.amazonaws.com.
  NOTIFY_BASE_URL: url.default(`${SANDBOX_URL}/notify`),
  NOTIFY_API_KEY: nonEmpty,
  NOTIFY_CALLBACK_TOKEN: z
    .string()
    .min(10, { message: 'must be at least 10 characters (Notify requires it)' }),
  NOTIFY_TEMPLATE_PERMIT_EMAIL: nonEmpty,
  NOTIFY_TEMPLATE_PERMIT_SMS: nonEmpty,
  NOTIFY_TEMPLATE_FORMS_ACK_EMAIL: nonEmpty,
  // Welsh versions, used for Welsh applications and Welsh form submissions; unset: the English template is sent.
  NOTIFY_TEMPLATE_PERMIT_EMAIL_CY: optional,
  NOTIFY_TEMPLATE_PERMIT_SMS_CY: optional,
  NOTIFY_TEMPLATE_FORMS_ACK_EMAIL_CY: optional,
  // The message telling a resident about a refund; unset: no message is sent (and the back office says so).
  NOTIFY_TEMPLATE_REFUND_EMAIL: optional,
  NOTIFY_TEMPLATE_REFUND_SMS: optional,
  NOTIFY_TEMPLATE_REFUND_EMAIL_CY: optional,
  NOTIFY_TEMPLATE_REFUND_SMS_CY: optional,

  PAY_BASE_URL: url.default(`${SANDBOX_URL}/pay`),
  PAY_API_KEY: nonEmpty,
  PAY_WEBHOOK_SECRET: nonEmpty,

  ONE_LOGIN_ISSUER: url.default(`${SANDBOX_URL}/one-login/`),
  ONE_LOGIN_CLIENT_ID: nonEmpty,
  // A PEM in a .env file is usually written on one line with \n escapes.
  ONE_LOGIN_PRIVATE_KEY: nonEmpty.transform((pem) => pem.replace(/\\n/g, '\n')),
  ONE_LOGIN_DID_URL: url.optional(),
  ONE_LOGIN_CORE_IDENTITY_ISSUER: url.optional(),

  S3_ENDPOINT: url.default(`${SANDBOX_URL}/s3`),
  S3_BUCKET: nonEmpty,
  S3_REGION: nonEmpty.default('eu-west-2'),
  AWS_ACCESS_KEY_ID: optional,
  AWS_SECRET_ACCESS_KEY: optional,
  FORMS_MISSED_BIN_FORM_ID: nonEmpty,

  /** Express "trust proxy" (e.g. `loopback` or `1`) when TLS ends at a load balancer; unset: trust none. */
  TRUST_PROXY: optional,

  /** How often the back office polls the Forms bucket; 0 turns the background watcher off (tests drive it). */
  FORMS_POLL_INTERVAL_MS: z.coerce.number().int().min(0).default(30_000),

  /** Notify's limit for the service, shared by every instance: NOTIFY_RATE_LIMIT messages per interval. */
  NOTIFY_RATE_LIMIT: z.coerce.number().int().min(1).default(3000),
  NOTIFY_RATE_INTERVAL_MS: z.coerce.number().int().min(1).default(60_000),

  /** How often each instance's workers look for jobs; 0: no workers (tests run the queue themselves). */
  JOBS_POLL_INTERVAL_MS: z.coerce.number().int().min(0).default(1_000),
  /** A job still active this long after it started (its instance died) is retried. */
  JOBS_EXPIRE_SECONDS: z.coerce.number().int().min(1).default(120),
  /** How often the queue looks for expired jobs (one instance does it at a time). */
  JOBS_MAINTENANCE_SECONDS: z.coerce.number().int().min(1).default(60),
  /** Attempts after the first before a job is dead-lettered; delays double from JOBS_RETRY_DELAY_SECONDS. */
  JOBS_RETRY_LIMIT: z.coerce.number().int().min(0).default(6),
  JOBS_RETRY_DELAY_SECONDS: z.coerce.number().int().min(1).default(5),
  /** On SIGTERM: how long to let requests and jobs in flight finish. */
  SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).default(10_000),
});

export type RawConfig = z.infer<typeof ConfigSchema>;

/** A Notify template id per language: Notify templates have one language each. No Welsh one: the English is sent. */
export interface LocalisedTemplate {
  en: string;
  cy: string | undefined;
}

/** The settings the app's modules read, grouped by concern (environment variable names stay in this file). */
export interface Settings {
  database: { url: string | undefined; poolSize: number; dataDir: string };
  notify: {
    /** Each message's template in English and (optionally) Welsh; the refund notice's only when the council set one. */
    templates: {
      permitEmail: LocalisedTemplate;
      permitSms: LocalisedTemplate;
      formsAckEmail: LocalisedTemplate;
      refundEmail: LocalisedTemplate | undefined;
      refundSms: LocalisedTemplate | undefined;
    };
    /** The service's rate limit, shared by all instances. */
    rateLimit: { limit: number; intervalMs: number };
  };
  forms: { formId: string; pollIntervalMs: number };
  jobs: {
    pollIntervalMs: number;
    expireSeconds: number;
    maintenanceSeconds: number;
    retryLimit: number;
    retryDelaySeconds: number;
  };
  shutdownGraceMs: number;
}

export interface Config extends RawConfig, Settings {
  /** true when the session cookie may only travel over HTTPS (everything except plain http on loopback). */
  secureCookies: boolean;
  backOffice: { username: string; password: string } | undefined;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** Validates the environment. Throws ConfigError naming every bad variable (never echoing its value). */
export function loadConfig(env: Record<string, string | undefined>): Config {
  // An empty variable (`NAME=` in .env) means "not set": the default applies, or it is reported as missing.
  const given = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v.trim() !== ''));
  const parsed = ConfigSchema.safeParse(given);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const name = String(issue.path[0] ?? '(unknown)');
      const message =
        issue.code === 'invalid_type' && given[name] === undefined ? 'is required' : issue.message;
      return `${name} ${message}`;
    });
    throw new ConfigError(problems);
  }
  const raw = parsed.data;
  const base = new URL(raw.APP_BASE_URL);
  const loopback = LOOPBACK.has(base.hostname);
  if (base.protocol === 'http:' && !loopback) {
    // Session cookies and One Login redirects must not travel in clear text outside a developer machine.
    throw new ConfigError(['APP_BASE_URL must use https:// unless the host is 127.0.0.1 or localhost']);
  }
  const hasUser = raw.BACK_OFFICE_USERNAME !== undefined;
  const hasPassword = raw.BACK_OFFICE_PASSWORD !== undefined;
  if (hasUser !== hasPassword) {
    throw new ConfigError(['BACK_OFFICE_USERNAME and BACK_OFFICE_PASSWORD must be set together']);
  }
  if (hasPassword && raw.BACK_OFFICE_PASSWORD!.length < 8) {
    throw new ConfigError(['BACK_OFFICE_PASSWORD must be at least 8 characters']);
  }
  const config: Config = {
    ...raw,
    APP_BASE_URL: raw.APP_BASE_URL.replace(/\/+$/, ''),
    database: { url: raw.DATABASE_URL, poolSize: raw.DATABASE_POOL_SIZE, dataDir: raw.DATA_DIR },
    notify: {
      templates: {
        permitEmail: { en: raw.NOTIFY_TEMPLATE_PERMIT_EMAIL, cy: raw.NOTIFY_TEMPLATE_PERMIT_EMAIL_CY },
        permitSms: { en: raw.NOTIFY_TEMPLATE_PERMIT_SMS, cy: raw.NOTIFY_TEMPLATE_PERMIT_SMS_CY },
        formsAckEmail: {
          en: raw.NOTIFY_TEMPLATE_FORMS_ACK_EMAIL,
          cy: raw.NOTIFY_TEMPLATE_FORMS_ACK_EMAIL_CY,
        },
        refundEmail: raw.NOTIFY_TEMPLATE_REFUND_EMAIL
          ? { en: raw.NOTIFY_TEMPLATE_REFUND_EMAIL, cy: raw.NOTIFY_TEMPLATE_REFUND_EMAIL_CY }
          : undefined,
        refundSms: raw.NOTIFY_TEMPLATE_REFUND_SMS
          ? { en: raw.NOTIFY_TEMPLATE_REFUND_SMS, cy: raw.NOTIFY_TEMPLATE_REFUND_SMS_CY }
          : undefined,
      },
      rateLimit: { limit: raw.NOTIFY_RATE_LIMIT, intervalMs: raw.NOTIFY_RATE_INTERVAL_MS },
    },
    forms: { formId: raw.FORMS_MISSED_BIN_FORM_ID, pollIntervalMs: raw.FORMS_POLL_INTERVAL_MS },
    jobs: {
      pollIntervalMs: raw.JOBS_POLL_INTERVAL_MS,
      expireSeconds: raw.JOBS_EXPIRE_SECONDS,
      maintenanceSeconds: raw.JOBS_MAINTENANCE_SECONDS,
      retryLimit: raw.JOBS_RETRY_LIMIT,
      retryDelaySeconds: raw.JOBS_RETRY_DELAY_SECONDS,
    },
    shutdownGraceMs: raw.SHUTDOWN_GRACE_MS,
    secureCookies: base.protocol === 'https:',
    backOffice:
      hasUser && hasPassword
        ? { username: raw.BACK_OFFICE_USERNAME!, password: raw.BACK_OFFICE_PASSWORD! }
        : undefined,
  };
  return hideSecrets(config);
}

const SECRET_KEYS = new Set<string>([
  'SESSION_SECRET',
  'BACK_OFFICE_PASSWORD',
  'NOTIFY_API_KEY',
  'NOTIFY_CALLBACK_TOKEN',
  'PAY_API_KEY',
  'PAY_WEBHOOK_SECRET',
  'ONE_LOGIN_PRIVATE_KEY',
  'AWS_SECRET_ACCESS_KEY',
  'DATABASE_URL',
  'database',
  'backOffice',
]);

/** A config logged by accident (console.log, JSON.stringify, an error reporter) shows no secret. */
function hideSecrets(config: Config): Config {
  const redacted = () =>
    Object.fromEntries(
      Object.entries(config).map(([k, v]) => [k, SECRET_KEYS.has(k) && v !== undefined ? '[redacted]' : v]),
    );
  Object.defineProperty(config, 'toJSON', { value: redacted, enumerable: false });
  Object.defineProperty(config, inspect.custom, { value: () => redacted(), enumerable: false });
  return config;
}
