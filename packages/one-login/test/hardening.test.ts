/** Attacks from the security audit (issue #14) on the One Login client. */
import { inspect } from 'node:util';
import { InvalidClientError, ResponseValidationError } from '@council-sdk/one-login';
import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { follow, server, setup, signIn, useMsw } from './helpers';

useMsw();

const views = (value: unknown) => [
  JSON.stringify(value),
  inspect(value, { depth: 20 }),
  inspect(value, { depth: 20, showHidden: true }),
  value instanceof Error ? `${value.message} ${value.stack}` : '',
];

describe('secrets and personal data in errors', () => {
  const secret = 'client secret/with+chars=&more';
  for (const [name, echoed] of [
    ['URL-encoded', encodeURIComponent(secret)],
    ['form-encoded', new URLSearchParams({ s: secret }).toString().slice(2)],
    ['base64 (Basic)', Buffer.from(`council-test-client:${secret}`).toString('base64')],
  ] as const) {
    it(`a token endpoint echoing the ${name} client secret does not leak it`, async () => {
      const s = setup({
        clientConfig: { publicKeys: [], clientSecret: secret },
        client: { privateKey: undefined, clientSecret: secret },
      });
      const auth = await s.client.createAuthorizationRequest();
      const { location } = await follow(auth.url);
      server.use(
        http.post(s.fake.endpoints.token, () =>
          HttpResponse.json(
            { error: 'invalid_client', error_description: `got client_secret=${echoed}` },
            { status: 400 },
          ),
        ),
      );
      const error = await s.client.handleCallback(location as string, auth).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InvalidClientError);
      for (const v of views(error)) expect(v).not.toContain(echoed);
    });
  }

  it('a malformed /userinfo answer does not put passport or licence numbers in the error', async () => {
    const s = setup();
    const { result } = await signIn(s);
    server.use(
      http.get(s.fake.endpoints.userinfo, () =>
        HttpResponse.json({
          sub: 12345,
          email: 'kenneth.decerqueira@example.com',
          'https://vocab.account.gov.uk/v1/passport': [
            { documentNumber: '549364783', expiryDate: '2030-01-01' },
          ],
          'https://vocab.account.gov.uk/v1/drivingPermit': [{ personalNumber: 'DECER607085K99AE' }],
        }),
      ),
    );
    const error = await s.client
      .getUserInfo(result.tokens.access_token, { expectedSub: result.claims.sub })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResponseValidationError);
    for (const v of views(error)) {
      for (const personal of [
        '549364783',
        'DECER607085K99AE',
        'kenneth.decerqueira@example.com',
        '2030-01-01',
      ]) {
        expect(v).not.toContain(personal);
      }
    }
    // What broke is still named.
    expect((error as ResponseValidationError).issues.map((i) => i.path)).toContain('sub');
  });
});
