import type { ResolvedConfig } from './config.js';
import type { StateFile } from './state.js';

/** The order of INTEGRATION.md's table, so the banner and `.env` output read like the docs. */
export const ENV_NAMES = [
  'APP_BASE_URL',
  'PORT',
  'DATA_DIR',
  'SESSION_SECRET',
  'BACK_OFFICE_USERNAME',
  'BACK_OFFICE_PASSWORD',
  'NOTIFY_BASE_URL',
  'NOTIFY_API_KEY',
  'NOTIFY_CALLBACK_TOKEN',
  'NOTIFY_TEMPLATE_PERMIT_EMAIL',
  'NOTIFY_TEMPLATE_PERMIT_SMS',
  'NOTIFY_TEMPLATE_FORMS_ACK_EMAIL',
  'NOTIFY_TEMPLATE_PERMIT_EMAIL_CY',
  'NOTIFY_TEMPLATE_PERMIT_SMS_CY',
  'NOTIFY_TEMPLATE_FORMS_ACK_EMAIL_CY',
  'NOTIFY_TEMPLATE_REFUND_EMAIL',
  'NOTIFY_TEMPLATE_REFUND_SMS',
  'NOTIFY_TEMPLATE_REFUND_EMAIL_CY',
  'NOTIFY_TEMPLATE_REFUND_SMS_CY',
  'PAY_BASE_URL',
  'PAY_API_KEY',
  'PAY_WEBHOOK_SECRET',
  'ONE_LOGIN_ISSUER',
  'ONE_LOGIN_CLIENT_ID',
  'ONE_LOGIN_PRIVATE_KEY',
  'ONE_LOGIN_DID_URL',
  'ONE_LOGIN_CORE_IDENTITY_ISSUER',
  'S3_ENDPOINT',
  'S3_BUCKET',
  'S3_REGION',
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'FORMS_MISSED_BIN_FORM_ID',
] as const;

export type SandboxEnv = Record<string, string>;

/** Service base URLs under the sandbox origin (INTEGRATION.md: fixed path prefixes). */
export function serviceUrls(url: string) {
  return {
    notify: `${url}/notify`,
    pay: `${url}/pay`,
    oneLoginIssuer: `${url}/one-login/`,
    s3: `${url}/s3`,
    formsApi: `${url}/forms-api`,
  };
}

export function buildEnv(
  url: string,
  config: ResolvedConfig,
  keys: StateFile['keys'],
  overrides: Record<string, string> = {},
): SandboxEnv {
  const urls = serviceUrls(url);
  const liveKey = config.notify.apiKeys.find((k) => k.type === 'normal') ?? config.notify.apiKeys[0]!;
  const client = config.oneLogin.clients[0]!;
  const env: SandboxEnv = {
    APP_BASE_URL: config.appBaseUrl,
    PORT: config.app.port,
    DATA_DIR: config.app.dataDir,
    SESSION_SECRET: config.app.sessionSecret,
    BACK_OFFICE_USERNAME: config.app.backOfficeUsername,
    BACK_OFFICE_PASSWORD: config.app.backOfficePassword,
    NOTIFY_BASE_URL: urls.notify,
    NOTIFY_API_KEY: liveKey.key,
    NOTIFY_CALLBACK_TOKEN: config.notify.callback?.bearerToken ?? '',
    PAY_BASE_URL: urls.pay,
    PAY_API_KEY: config.pay.apiKey,
    PAY_WEBHOOK_SECRET: config.pay.webhook?.secret ?? '',
    ONE_LOGIN_ISSUER: urls.oneLoginIssuer,
    ONE_LOGIN_CLIENT_ID: client.clientId,
    // Empty when the client brings its own public key: the sandbox never sees that private key.
    ONE_LOGIN_PRIVATE_KEY: keys[client.clientId]?.privateKeyPem ?? '',
    ONE_LOGIN_DID_URL: `${urls.oneLoginIssuer}.well-known/did.json`,
    ONE_LOGIN_CORE_IDENTITY_ISSUER: urls.oneLoginIssuer,
    S3_ENDPOINT: urls.s3,
    S3_BUCKET: config.forms.bucket,
    S3_REGION: config.forms.region,
    AWS_ACCESS_KEY_ID: config.forms.accessKeyId,
    AWS_SECRET_ACCESS_KEY: config.forms.secretAccessKey,
    FORMS_MISSED_BIN_FORM_ID: config.forms.missedBinFormId,
  };
  for (const template of config.notify.templates) {
    if (template.env) env[template.env] = template.id;
  }
  Object.assign(env, overrides);
  // Known names first in the documented order, then any extra template variables from the config.
  const ordered: SandboxEnv = {};
  for (const name of ENV_NAMES) if (name in env) ordered[name] = env[name]!;
  for (const [name, value] of Object.entries(env)) if (!(name in ordered)) ordered[name] = value;
  return ordered;
}

/** `.env` text: values with newlines or spaces are double-quoted, which dotenv and POSIX shells both read. */
export function toDotEnv(env: SandboxEnv): string {
  return Object.entries(env)
    .map(([name, value]) => (/^[\w@%+=:,./-]*$/.test(value) ? `${name}=${value}` : `${name}="${value}"`))
    .join('\n');
}
