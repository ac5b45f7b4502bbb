import { CouncilSdkError, TokenValidationError, ValidationError } from '@council-sdk/one-login';
import fc from 'fast-check';
import { base64url, CompactSign, importJWK } from 'jose';
import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { vtrProblem } from '../src/schemas/vtr';
import { CLIENT_ID, follow, type Setup, server, setup, useMsw } from './helpers';

useMsw();

/** Run `fn`; it may return, but if it throws, the error must be one of ours. */
async function onlyTypedErrors(
  fn: () => Promise<unknown>,
  typed: (e: unknown) => boolean = (e) => e instanceof CouncilSdkError,
) {
  try {
    await fn();
  } catch (error) {
    if (!typed(error)) throw error;
  }
}

/** Sign any payload as-is (jose's SignJWT would refuse some of the hostile claim values we want to send). */
function sign(claims: unknown, header: Record<string, unknown>, key: Parameters<CompactSign['sign']>[0]) {
  return new CompactSign(new TextEncoder().encode(JSON.stringify(claims)))
    .setProtectedHeader(header as never)
    .sign(key);
}

const jsonValue = fc.jsonValue({ maxDepth: 3 });
const claimValue = fc.oneof(
  fc.string(),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  jsonValue,
);
/** Claims that are near-valid: each known claim is either right, missing or a random value. */
function nearValidClaims(s: Setup, extra: Record<string, unknown> = {}) {
  const now = Math.floor(s.fake.clock.now().getTime() / 1000);
  const good: Record<string, unknown> = {
    iss: 'https://oidc.integration.account.gov.uk/',
    aud: CLIENT_ID,
    sub: 'urn:fdc:gov.uk:2022:x',
    iat: now,
    exp: now + 120,
    nonce: 'nonce',
    vot: 'Cl.Cm',
    jti: 'j',
    events: { 'http://schemas.openid.net/event/backchannel-logout': {} },
    vc: { credentialSubject: { name: [], birthDate: [] } },
    ...extra,
  };
  return fc
    .record(
      Object.fromEntries(
        Object.entries(good).map(([k, v]) => [
          k,
          fc.oneof(fc.constant(v), fc.constant(undefined), claimValue),
        ]),
      ),
    )
    .chain((claims) =>
      fc.dictionary(fc.string(), claimValue, { maxKeys: 3 }).map((more) => ({ ...more, ...claims })),
    );
}

describe('property: parsing hostile tokens only ever throws typed errors', () => {
  it('arbitrary strings as ID, logout and core identity tokens', async () => {
    const s = setup();
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.string(), fc.stringMatching(/^[A-Za-z0-9_.-]{0,200}$/)), async (token) => {
        await onlyTypedErrors(
          () => s.client.verifyLogoutToken(token),
          (e) => e instanceof TokenValidationError,
        );
        await onlyTypedErrors(
          () => s.client.verifyCoreIdentity(token, { sub: 'x' }),
          (e) => e instanceof TokenValidationError,
        );
      }),
      { numRuns: 200 },
    );
  });

  it('arbitrary JSON headers and payloads with random signatures', async () => {
    const s = setup();
    await fc.assert(
      fc.asyncProperty(
        jsonValue,
        jsonValue,
        fc.uint8Array({ maxLength: 80 }),
        async (header, payload, sig) => {
          const token = `${base64url.encode(JSON.stringify(header))}.${base64url.encode(JSON.stringify(payload))}.${base64url.encode(sig)}`;
          await onlyTypedErrors(
            () => s.client.verifyLogoutToken(token),
            (e) => e instanceof TokenValidationError,
          );
          await onlyTypedErrors(
            () => s.client.verifyCoreIdentity(token, { sub: 'x' }),
            (e) => e instanceof TokenValidationError,
          );
        },
      ),
      { numRuns: 150 },
    );
  });

  it('correctly signed logout tokens with hostile claims are accepted or rejected, never crash', async () => {
    const s = setup();
    const key = s.fake.activeSigningKey('ES256');
    if (!key) throw new Error('no key');
    const signing = await importJWK(key.privateJwk, 'ES256');
    let accepted = 0;
    await fc.assert(
      fc.asyncProperty(nearValidClaims(s), async (claims) => {
        for (const k of Object.keys(claims)) if (claims[k] === undefined) delete claims[k];
        const token = await sign(claims, { alg: 'ES256', kid: key.kid, typ: 'logout+jwt' }, signing);
        try {
          await s.client.verifyLogoutToken(token);
          accepted++;
        } catch (error) {
          if (!(error instanceof TokenValidationError)) throw error;
        }
      }),
      { numRuns: 150 },
    );
    expect(accepted).toBeLessThan(150);
  });

  it('correctly signed ID tokens with hostile claims, through handleCallback', async () => {
    const s = setup();
    const key = s.fake.activeSigningKey('ES256');
    if (!key) throw new Error('no key');
    const signing = await importJWK(key.privateJwk, 'ES256');
    let idToken = '';
    server.use(
      http.post(s.fake.endpoints.token, () =>
        HttpResponse.json({ access_token: 'at', token_type: 'Bearer', expires_in: 180, id_token: idToken }),
      ),
    );
    const auth = await s.client.createAuthorizationRequest();
    const { location } = await follow(auth.url);
    await fc.assert(
      fc.asyncProperty(nearValidClaims(s, { nonce: auth.nonce }), async (claims) => {
        for (const k of Object.keys(claims)) if (claims[k] === undefined) delete claims[k];
        idToken = await sign(claims, { alg: 'ES256', kid: key.kid }, signing);
        await onlyTypedErrors(
          () => s.client.handleCallback(location as string, auth),
          (e) => e instanceof TokenValidationError,
        );
      }),
      { numRuns: 100 },
    );
  });
});

describe('property: callbacks and options', () => {
  it('arbitrary callback parameters give typed errors', async () => {
    const s = setup();
    const auth = await s.client.createAuthorizationRequest();
    await fc.assert(
      fc.asyncProperty(
        fc.dictionary(
          fc.constantFrom('code', 'state', 'error', 'error_description', 'iss', 'x'),
          fc.oneof(fc.string(), fc.array(fc.string(), { maxLength: 2 })),
        ),
        fc.boolean(),
        async (params, keepState) => {
          const input = keepState ? { ...params, state: auth.state } : params;
          await onlyTypedErrors(() => s.client.handleCallback(input, auth));
        },
      ),
      { numRuns: 100 },
    );
  });

  it('arbitrary callback URLs give typed errors', async () => {
    const s = setup();
    const auth = await s.client.createAuthorizationRequest();
    await fc.assert(
      fc.asyncProperty(fc.string(), async (url) => {
        await onlyTypedErrors(() => s.client.handleCallback(url, auth));
      }),
      { numRuns: 100 },
    );
  });

  it('arbitrary authorization options give a URL or a ValidationError', async () => {
    const s = setup();
    await fc.assert(
      fc.asyncProperty(
        fc.record(
          {
            vtr: fc.oneof(
              fc.string(),
              fc.array(fc.constantFrom('Cl', 'Cl.Cm', 'Cl.Cm.P2', 'Cl.P2', 'P2', 'Cl.Cm.P1', '')),
            ),
            claims: fc.array(
              fc.constantFrom(
                'coreIdentityJWT',
                'address',
                'passport',
                'drivingPermit',
                'returnCode',
                'bogus',
              ),
            ),
            scopes: fc.array(fc.string({ maxLength: 30 }), { maxLength: 5 }),
            maxAge: fc.oneof(fc.integer(), fc.double()),
            uiLocales: fc.constantFrom('en', 'cy', 'fr'),
            useJar: fc.boolean(),
            pkce: fc.boolean(),
          },
          { requiredKeys: [] },
        ),
        async (options) => {
          await onlyTypedErrors(
            () => s.client.createAuthorizationRequest(options as never),
            (e) => e instanceof ValidationError,
          );
        },
      ),
      { numRuns: 150 },
    );
  });

  it('vtrProblem never throws and accepts exactly the valid forms', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.string(), fc.constantFrom('Cl', 'Cl.Cm', 'Cl.Cm.P0', 'Cl.Cm.P1', 'Cl.Cm.P2'))),
        (vtr) => {
          const problem = vtrProblem(vtr);
          const valid = vtr.length > 0 && vtr.every((v) => /^(Cl|Cl\.Cm|Cl\.Cm\.P[012])$/.test(v));
          const identity = vtr.filter((v) => /\.P/.test(v)).length;
          expect(problem === undefined).toBe(valid && (identity === 0 || identity === vtr.length));
        },
      ),
    );
  });

  it('arbitrary userinfo bodies give userinfo or a typed error', async () => {
    const s = setup();
    let body: unknown;
    server.use(http.get(s.fake.endpoints.userinfo, () => HttpResponse.json(body as never)));
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          jsonValue,
          fc.record({ sub: fc.constantFrom('s', 1), 'https://vocab.account.gov.uk/v1/address': jsonValue }),
        ),
        async (b) => {
          body = b;
          await onlyTypedErrors(() => s.client.getUserInfo('token', { expectedSub: 's' }));
        },
      ),
      { numRuns: 100 },
    );
  });
});
