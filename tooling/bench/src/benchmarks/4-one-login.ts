// One Login: ID token validation with a cached JWKS, and a full authorization code exchange (private_key_jwt
// client assertion, token request, ID token validation), ours vs openid-client v6 against the same fake OP.
import { createPrivateKey, webcrypto } from 'node:crypto';
import { generateKeyPairSync } from 'node:crypto';
import { opsPerSecond, repeatPair } from '../harness/measure.js';
import { startFakeServer } from '../harness/server.js';
import { pairRow, versionOf } from '../harness/sides.js';
import type { Benchmark, Row } from '../harness/types.js';

const CLIENT_ID = 'bench-client';
const REDIRECT_URI = 'http://127.0.0.1:3999/auth/callback';

const benchmark: Benchmark = {
  name: 'one-login',
  title: 'One Login ID token validation and code exchange vs openid-client',
  requires: {
    '@council-sdk/one-login': ['OneLoginClient'],
    '@council-sdk/one-login/testing': ['createOneLoginFake'],
    'openid-client': ['authorizationCodeGrant', 'implicitAuthentication'],
  },
  timeoutMs: 150_000,
  async run(ctx) {
    const { OneLoginClient } = await import('@council-sdk/one-login');
    const oidc = await import('openid-client');
    // The SDK validates ID tokens only inside handleCallback; this is the function it calls there (see README).
    const { validateIdToken } = await import('../../../../packages/one-login/src/verify/id-token.js');
    const label = `openid-client ${versionOf('openid-client')}`;

    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const kid = 'bench-key-1';
    const privateKeyPem = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    const publicJwk = { ...publicKey.export({ format: 'jwk' }), kid, alg: 'RS256', use: 'sig' };
    const server = await startFakeServer('one-login', {
      clientId: CLIENT_ID,
      redirectUri: REDIRECT_URI,
      publicJwk,
    });
    try {
      const { issuer } = server.info as { issuer: string; tokenEndpoint: string };
      const ours = new OneLoginClient({
        environment: { issuer },
        clientId: CLIENT_ID,
        privateKey: privateKeyPem,
        privateKeyId: kid,
        redirectUri: REDIRECT_URI,
      });
      const cryptoKey = await webcrypto.subtle.importKey(
        'pkcs8',
        createPrivateKey(privateKeyPem).export({ format: 'der', type: 'pkcs8' }),
        { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' },
        false,
        ['sign'],
      );
      const discover = () =>
        oidc.discovery(
          new URL(issuer),
          CLIENT_ID,
          { id_token_signed_response_alg: 'ES256', redirect_uris: [REDIRECT_URI] },
          oidc.PrivateKeyJwt({ key: cryptoKey as CryptoKey, kid }),
          { execute: [oidc.allowInsecureRequests] },
        );
      const theirsConfig = await discover();
      // openid-client skips the ID token signature for tokens from the token endpoint unless asked (TLS is
      // trusted instead); the SDK always verifies it, so make openid-client do the same checks.
      oidc.enableNonRepudiationChecks(theirsConfig);
      const implicitConfig = await discover();
      oidc.useIdTokenResponseType(implicitConfig);

      // A sign-in up to the callback: the authorization request, /authorize (immediate mode), the redirect.
      const signIn = async () => {
        const req = await ours.createAuthorizationRequest();
        const res = await fetch(req.url, { redirect: 'manual' });
        const location = res.headers.get('location');
        if (res.status !== 302 || !location) throw new Error(`/authorize answered ${res.status}`);
        return { ...req, callbackUrl: location };
      };
      const codes = (n: number) => Promise.all(Array.from({ length: n }, signIn));

      const oursExchange = async (s: Awaited<ReturnType<typeof signIn>>) => {
        const result = await ours.handleCallback(s.callbackUrl, {
          state: s.state,
          nonce: s.nonce,
          codeVerifier: s.codeVerifier,
        });
        return { idToken: result.tokens.id_token, sub: result.claims.sub };
      };
      const theirsExchange = async (s: Awaited<ReturnType<typeof signIn>>) => {
        const tokens = await oidc.authorizationCodeGrant(theirsConfig, new URL(s.callbackUrl), {
          expectedState: s.state,
          expectedNonce: s.nonce,
          ...(s.codeVerifier ? { pkceCodeVerifier: s.codeVerifier } : {}),
          idTokenExpected: true,
        });
        const claims = tokens.claims();
        // One Login's own check, which openid-client does not know about.
        if (claims?.vot !== 'Cl.Cm') throw new Error('vot');
        return claims.sub;
      };

      const rows: Row[] = [];
      const notes: string[] = [];

      // ---- ID token validation, JWKS cached (both sides fetch it once, in the warm-up).
      {
        const reps = ctx.size(7, 3);
        const count = ctx.size(5000, 300);
        const durationMs = ctx.size(1000, 300);
        ctx.log(`ID token validation: ${durationMs} ms (at most ${count} validations) per repetition`);
        // A fresh token per repetition (One Login ID tokens live 120 s).
        let token = { idToken: '', nonce: '' };
        const mint = async () => {
          const [s] = await codes(1);
          token = { idToken: (await oursExchange(s!)).idToken, nonce: s!.nonce };
        };
        const jwks = await (await fetch((await ours.discover()).jwks_uri)).json();
        const keys = new Map<string, unknown>(
          (jwks as { keys: { kid: string }[] }).keys.map((k) => [k.kid, k]),
        );
        const oursValidate = () =>
          validateIdToken(token.idToken, {
            issuer,
            clientId: CLIENT_ID,
            nonce: token.nonce,
            vtr: ['Cl.Cm'],
            nowSeconds: Math.floor(Date.now() / 1000),
            toleranceSeconds: 30,
            findKey: async (k: string) => keys.get(k) as never,
          });
        const theirsValidate = async () => {
          const claims = await oidc.implicitAuthentication(
            implicitConfig,
            new URL(`${REDIRECT_URI}#id_token=${token.idToken}`),
            token.nonce,
          );
          if (claims.vot !== 'Cl.Cm') throw new Error('vot');
        };
        const t = await repeatPair(
          async () => {
            await mint();
            return opsPerSecond(oursValidate, count, durationMs);
          },
          async () => {
            await mint();
            return opsPerSecond(theirsValidate, count, durationMs);
          },
          { warmup: 1, reps },
        );
        rows.push(
          pairRow(
            'one-login',
            'ID token validation (ES256, cached JWKS)',
            'ops/s',
            'higher',
            t.ours,
            t.theirs,
            label,
            {
              kind: 'ratio>=',
              value: 1,
              text: '>= openid-client',
            },
          ),
        );
        notes.push(
          'ID token validation: ours is `validateIdToken` from packages/one-login/src/verify/id-token.ts, the function `handleCallback` runs (the SDK has no public validate-only method), with the JWKS already fetched, as `#findJwk` serves it from its cache. openid-client validates through `implicitAuthentication` (response_type id_token), its public validate-an-ID-token path, whose JWKS cache is warm after the first call. Both check signature, alg, iss, aud, exp/iat, nonce, and vot (added by hand for openid-client).',
        );
      }

      // ---- Full code exchange.
      {
        const reps = ctx.size(5, 2);
        const count = ctx.size(80, 30);
        const durationMs = ctx.size(1500, 600);
        ctx.log(`code exchange: ${durationMs} ms (at most ${count} exchanges) per repetition`);
        const round = (side: 'ours' | 'theirs') => async () => {
          const signIns = await codes(count); // codes are single use: made before the clock starts
          const start = performance.now();
          let done = 0;
          for (const s of signIns) {
            if (performance.now() - start > durationMs) break;
            if (side === 'ours') await oursExchange(s);
            else await theirsExchange(s);
            done++;
          }
          return done / ((performance.now() - start) / 1000);
        };
        const t = await repeatPair(round('ours'), round('theirs'), { warmup: 1, reps });
        rows.push(
          pairRow(
            'one-login',
            'code exchange: callback -> token request (private_key_jwt) -> validated ID token',
            'ops/s',
            'higher',
            t.ours,
            t.theirs,
            label,
          ),
        );
        notes.push(
          `Code exchange: sequential exchanges for ${durationMs} ms (at most ${count}) per repetition, of codes issued beforehand (the /authorize round trip is not timed). Both sign an RS256 client assertion, POST to the fake's /token and verify the ES256 ID token (openid-client with \`enableNonRepudiationChecks\`).`,
        );
      }
      return { rows, notes };
    } finally {
      await server.close();
    }
  },
};

export default benchmark;
