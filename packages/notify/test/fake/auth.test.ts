/**
 * notifications-api `app/authentication/auth.py` (requires_auth, _get_auth_token, _decode_jwt_token) with
 * notifications-python-client `authentication.py` (get_token_issuer, decode_jwt_token).
 */
import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { notifyError, serve } from './http.js';

const general =
  'Invalid token: make sure your API token matches the example at https://docs.notifications.service.gov.uk/rest-api.html#authorisation-header';
const authError = (status: number, message: string) => notifyError(status, 'AuthError', message);

describe('authentication', () => {
  const t = serve();
  const list = (authorization: string | null) => t.get('/v2/notifications', { authorization });
  const secret = () => t.fake.apiKeys.live.slice(-36);
  const sign = (claims: Record<string, unknown>, key = secret(), alg = 'HS256') =>
    new SignJWT(claims).setProtectedHeader({ typ: 'JWT', alg }).sign(new TextEncoder().encode(key));
  const now = () => Math.floor(t.clock.now().getTime() / 1000);

  it('401 without an Authorization header', async () => {
    expect(await list(null)).toEqual(authError(401, 'Unauthorized: authentication token must be provided'));
  });

  it('401 for another scheme; the scheme is case-insensitive', async () => {
    expect(await list('Basic abc')).toEqual(
      authError(401, 'Unauthorized: authentication bearer scheme must be used'),
    );
    expect((await list(`bEaReR ${await t.token()}`)).status).toBe(200);
  });

  it('403 with the general message for a token that cannot be decoded', async () => {
    expect(await list('Bearer not-a-jwt')).toEqual(authError(403, general));
  });

  it('403 "iss field not provided" without iss', async () => {
    expect(await list(`Bearer ${await sign({ iat: now() })}`)).toEqual(
      authError(403, 'Invalid token: iss field not provided'),
    );
  });

  it('403 "service id is not the right data type" when iss is not a UUID', async () => {
    expect(await list(`Bearer ${await sign({ iss: 'council', iat: now() })}`)).toEqual(
      authError(403, 'Invalid token: service id is not the right data type'),
    );
  });

  it('403 "service not found" for another service id', async () => {
    const token = await sign({ iss: '7b4e5bd4-7f85-4b4b-9c59-1f3b7e0e1a11', iat: now() });
    expect(await list(`Bearer ${token}`)).toEqual(authError(403, 'Invalid token: service not found'));
  });

  it('403 "API key not found" for a token signed with no key of the service, or without iat', async () => {
    const other = await sign({ iss: t.fake.serviceId, iat: now() }, '00000000-0000-0000-0000-000000000000');
    expect(await list(`Bearer ${other}`)).toEqual(authError(403, 'Invalid token: API key not found'));
    // TokenIssuedAtError is a TokenDecodeError, which the key loop treats as "not this key"
    expect(await list(`Bearer ${await sign({ iss: t.fake.serviceId })}`)).toEqual(
      authError(403, 'Invalid token: API key not found'),
    );
  });

  it('403 "algorithm used is not HS256" for HS512', async () => {
    const token = await sign({ iss: t.fake.serviceId, iat: now() }, secret(), 'HS512');
    expect(await list(`Bearer ${token}`)).toEqual(
      authError(403, 'Invalid token: algorithm used is not HS256'),
    );
  });

  it('403 about the system clock when iat is more than 30 s away, either way', async () => {
    const message = 'Error: Your system clock must be accurate to within 30 seconds';
    for (const iat of [now() - 31, now() + 31]) {
      expect(await list(`Bearer ${await sign({ iss: t.fake.serviceId, iat })}`)).toEqual(
        authError(403, message),
      );
    }
    expect((await list(`Bearer ${await sign({ iss: t.fake.serviceId, iat: now() - 30 })}`)).status).toBe(200);
  });

  it('403 "API key revoked" for a revoked key', async () => {
    const token = await t.token('live');
    t.fake.keys.revoke(t.fake.apiKeys.live);
    expect(await list(`Bearer ${token}`)).toEqual(authError(403, 'Invalid token: API key revoked'));
  });
});
