import { createHash, createPublicKey } from 'node:crypto';
import {
  createOneLoginFake,
  type FakeClientConfig,
  type OneLoginFake,
  type Persona,
} from '@council-sdk/one-login/testing';
import { serviceUrls } from '../env.js';
import { escapeHtml } from '../html.js';
import {
  rememberSignedIn,
  signInErrorLocals,
  signInPageLocals,
  wordsForBrowser,
} from '../one-login-pages.js';
import { formBody, type SandboxContext, type SandboxService } from './types.js';

/** Errors a tester can ask One Login to answer /authorize with (reference: the /authorize error list). */
const AUTHORIZE_ERRORS = [
  { error: 'access_denied', text: 'access_denied: the user could not, or would not, sign in' },
  { error: 'temporarily_unavailable', text: 'temporarily_unavailable: One Login is down for a moment' },
  { error: 'server_error', text: 'server_error: something went wrong in One Login' },
  { error: 'login_required', text: 'login_required: re-authentication failed (end the session)' },
];

/** The official simulator's error switches, as the fake names them: each breaks every token until cleared. */
const ID_TOKEN_ERRORS = [
  ['INVALID_ISS', 'wrong iss'],
  ['INVALID_AUD', 'wrong aud'],
  ['INVALID_ALG_HEADER', 'HS256 with a random kid'],
  ['INVALID_SIGNATURE', 'bad signature'],
  ['TOKEN_EXPIRED', 'exp in the past'],
  ['TOKEN_NOT_VALID_YET', 'iat in the future'],
  ['NONCE_NOT_MATCHING', 'another nonce'],
  ['INCORRECT_VOT', 'vot not what was asked for'],
] as const;
const CORE_IDENTITY_ERRORS = [
  ['INVALID_ALG_HEADER', 'wrong alg'],
  ['INVALID_SIGNATURE', 'bad signature'],
  ['INVALID_ISS', 'wrong iss'],
  ['INVALID_AUD', 'wrong aud'],
  ['INCORRECT_SUB', 'another sub'],
  ['TOKEN_EXPIRED', 'expired'],
] as const;

/** An RSA public key (PEM) as the JWK the fake verifies client assertions with; the kid is its SHA-256 thumbprint. */
function publicJwkFromPem(pem: string) {
  const jwk = createPublicKey(pem).export({ format: 'jwk' }) as { kty: string; n: string; e: string };
  const thumbprint = createHash('sha256')
    .update(JSON.stringify({ e: jwk.e, kty: jwk.kty, n: jwk.n }))
    .digest('base64url');
  return { ...jwk, kid: thumbprint, alg: 'RS256', use: 'sig' };
}

export function createOneLoginService(ctx: SandboxContext): SandboxService<OneLoginFake> {
  const { config } = ctx;
  const issuer = serviceUrls(ctx.url).oneLoginIssuer;
  const clients: FakeClientConfig[] = config.oneLogin.clients.map((c) => {
    const pem = c.publicKeyPem ?? ctx.keys[c.clientId]?.publicKeyPem;
    return {
      clientId: c.clientId,
      redirectUris: c.redirectUris,
      postLogoutRedirectUris: c.postLogoutRedirectUris,
      scopes: c.scopes,
      ...(pem ? { publicKeys: [publicJwkFromPem(pem) as never] } : {}),
      ...(c.backChannelLogoutUri ? { backChannelLogoutUri: c.backChannelLogoutUri } : {}),
      // So the "identity failed" persona can show return codes to a client that asks for them.
      returnCodesEnabled: true,
    };
  });
  const fake = createOneLoginFake({
    baseUrl: issuer,
    interactive: true,
    signInPageUrl: `${issuer}sign-in`,
    clients,
    ...(config.oneLogin.personas ? { personas: config.oneLogin.personas as unknown as Persona[] } : {}),
  });
  // Configuration wins over a restored snapshot: re-register what the config says after every restore.
  const reconfigure = () => {
    for (const client of clients) fake.registerClient(client);
    for (const persona of (config.oneLogin.personas ?? []) as unknown as Persona[]) fake.addPersona(persona);
  };

  const personaLabel = (sub: string) => fake.personas().find((p) => p.sub === sub)?.label ?? 'Unknown user';

  return {
    id: 'oneLogin',
    title: 'GOV.UK One Login',
    prefix: '/one-login',
    baseUrl: issuer,
    dashboard: '/dashboard/one-login',
    fake,
    handlers: fake.handlers,
    faults: { 'one-login': fake.faults },
    env: () => ({
      ONE_LOGIN_ISSUER: fake.issuer,
      ONE_LOGIN_DID_URL: fake.didDocumentUrl,
      ONE_LOGIN_CORE_IDENTITY_ISSUER: fake.coreIdentityIssuer,
    }),
    summary() {
      const n = fake.sessions().length;
      return `${fake.clients().length} client(s), ${fake.personas().length} personas, ${n} signed-in user${n === 1 ? '' : 's'}`;
    },
    snapshot: () => fake.snapshot(),
    restore(snapshot) {
      fake.restore(snapshot as ReturnType<OneLoginFake['snapshot']>);
      reconfigure();
    },
    reset() {
      fake.reset();
      reconfigure();
    },
    routes(router) {
      // The page /authorize sends the browser to in interactive mode.
      router.get('/one-login/sign-in', (req, res) => {
        const id = typeof req.query['id'] === 'string' ? req.query['id'] : '';
        const pending = fake.pendingAuthorization(id);
        if (!pending) {
          res.status(400);
          ctx.render(res, 'error.njk', signInErrorLocals(req, 'expired'));
          return;
        }
        // In Welsh for `ui_locales=cy`; the persona this browser is signed in as (a live session) preselected.
        ctx.render(
          res,
          'one-login/authorize.njk',
          signInPageLocals(req, res, {
            pending,
            personas: fake.personas(),
            sessions: fake.sessions(),
            errors: AUTHORIZE_ERRORS,
            action: `/one-login/sign-in`,
          }),
        );
      });

      router.post('/one-login/sign-in', formBody, (req, res) => {
        const body = (req.body ?? {}) as Record<string, string>;
        const choice = String(body['persona'] ?? '');
        const id = String(body['interaction'] ?? '');
        if (!fake.pendingAuthorization(id)) {
          res.status(400);
          ctx.render(res, 'error.njk', signInErrorLocals(req, 'finished'));
          return;
        }
        const [kind, value] = [choice.slice(0, choice.indexOf(':')), choice.slice(choice.indexOf(':') + 1)];
        let location: string;
        if (kind === 'error' && AUTHORIZE_ERRORS.some((e) => e.error === value)) {
          location = fake.completeAuthorization(id, { error: value, error_description: `Sandbox: ${value}` });
        } else if (kind === 'persona' && fake.personas().some((p) => p.id === value)) {
          location = fake.completeAuthorization(id, { persona: value });
          rememberSignedIn(res, fake.personas().find((p) => p.id === value)!.sub);
        } else {
          res.status(400).type('text/plain').send(wordsForBrowser(req).choosePersona);
          return;
        }
        ctx.changed();
        res.redirect(303, location);
      });

      router.get('/dashboard/one-login', (_req, res) => {
        const errors = fake.errorConfiguration();
        ctx.render(res, 'one-login/dashboard.njk', {
          idTokenErrorItems: ID_TOKEN_ERRORS.map(([value, hint]) => ({
            value,
            text: value,
            hint: { text: hint },
            checked: errors.idTokenErrors.includes(value),
          })),
          coreIdentityErrorItems: CORE_IDENTITY_ERRORS.map(([value, hint]) => ({
            value,
            text: value,
            hint: { text: hint },
            checked: errors.coreIdentityErrors.includes(value),
          })),
          brokenTokens: errors.idTokenErrors.length + errors.coreIdentityErrors.length > 0,
          title: 'One Login',
          section: 'one-login',
          issuer,
          clientRows: fake
            .clients()
            .map((c) => [
              { html: `<code>${escapeHtml(c.clientId)}</code>` },
              { text: c.redirectUris.join(', ') },
              { text: c.backChannelLogoutUri ?? 'none' },
            ]),
          personaRows: fake
            .personas()
            .map((p) => [
              { html: `<strong>${escapeHtml(p.label)}</strong><br><code>${escapeHtml(p.sub)}</code>` },
              { text: p.description ?? p.email },
            ]),
          inPersonChecks: fake
            .personas()
            .filter((p) => p.inPersonCheck)
            .map((p) => ({ id: p.id, label: p.label, status: p.inPersonCheck?.status })),
          users: fake.sessions().map((s) => ({
            sub: s.sub,
            label: personaLabel(s.sub),
            detail: `signed in to ${s.clientIds.join(', ')} at ${new Date(s.authTime * 1000).toISOString()}`,
          })),
          logoutRows: [...fake.backChannelLogouts()].reverse().map((l) => [
            { text: l.at },
            { text: personaLabel(l.sub) },
            { text: l.uri },
            {
              text: `${l.error ? `failed: ${l.error}` : `HTTP ${l.status}`}${l.delivery === 'pending' ? ' (retrying)' : ''}`,
            },
          ]),
        });
      });

      router.post('/dashboard/one-login/errors', formBody, (req, res) => {
        const body = (req.body ?? {}) as Record<string, unknown>;
        const chosen = (name: string, allowed: readonly (readonly [string, string])[]) =>
          ([] as unknown[])
            .concat(body[name] ?? [])
            .map(String)
            .filter((v) => allowed.some(([a]) => a === v));
        const idTokenErrors = chosen('idTokenErrors', ID_TOKEN_ERRORS) as never[];
        const coreIdentityErrors = chosen('coreIdentityErrors', CORE_IDENTITY_ERRORS) as never[];
        fake.setErrorConfiguration({ idTokenErrors, coreIdentityErrors });
        ctx.changed();
        const all = [...idTokenErrors, ...coreIdentityErrors];
        ctx.flash(
          res,
          '/dashboard/one-login',
          all.length ? `Tokens are now broken: ${all.join(', ')}.` : 'Tokens are valid again.',
          all.length ? 'important' : 'success',
        );
      });

      // The Post Office's result of an in-person identity check arrives; One Login would now email the resident a
      // link that signs them in and sends them to the service's LandingPageUrl.
      router.post('/dashboard/one-login/in-person', formBody, (req, res) => {
        const body = (req.body ?? {}) as Record<string, unknown>;
        const id = String(body['persona'] ?? '');
        const outcome = body['outcome'] === 'failed' ? 'failed' : 'passed';
        const persona = fake.personas().find((p) => p.id === id);
        if (persona?.inPersonCheck?.status !== 'pending') {
          ctx.flash(res, '/dashboard/one-login', 'That persona has no in-person check pending.', 'important');
          return;
        }
        fake.completeInPersonCheck(id, outcome);
        ctx.changed();
        ctx.flash(
          res,
          '/dashboard/one-login',
          `${persona.label}: the Post Office check ${outcome}. One Login would now email “Sign in to view the result of your identity check”; its link sends the resident to your service’s landing page (LandingPageUrl).`,
        );
      });

      router.post('/dashboard/one-login/logout', formBody, async (req, res) => {
        const sub = String((req.body as Record<string, unknown>)?.['sub'] ?? '');
        if (!fake.sessions().some((s) => s.sub === sub)) {
          ctx.flash(res, '/dashboard/one-login', 'That user is not signed in.', 'important');
          return;
        }
        const deliveries = await ctx.track(fake.logoutEverywhere(sub));
        const results = deliveries.map(
          (d) => `${d.uri}: ${d.error ? `failed (${d.error})` : `HTTP ${d.status}`}`,
        );
        ctx.flash(
          res,
          '/dashboard/one-login',
          `${personaLabel(sub)} was signed out everywhere.${results.length ? ` Back-channel logout: ${results.join('; ')}` : ' No service had a back-channel logout URI.'}`,
        );
      });
    },
  };
}
