import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { currentAddress, environmentFor } from '../../src/services/one-login.js';
import { TEST_ENV } from '../helpers/harness.js';

describe('environmentFor', () => {
  it("uses the SDK's named environment for GOV.UK's own issuers", () => {
    expect(
      environmentFor(
        loadConfig({ ...TEST_ENV, ONE_LOGIN_ISSUER: 'https://oidc.integration.account.gov.uk/' }),
      ),
    ).toBe('integration');
    expect(
      environmentFor(loadConfig({ ...TEST_ENV, ONE_LOGIN_ISSUER: 'https://oidc.account.gov.uk/' })),
    ).toBe('production');
  });

  it('describes any other issuer (the sandbox) by its URLs', () => {
    const env = environmentFor(
      loadConfig({
        ...TEST_ENV,
        ONE_LOGIN_DID_URL: 'http://127.0.0.1:4000/one-login/.well-known/did.json',
        ONE_LOGIN_CORE_IDENTITY_ISSUER: 'http://127.0.0.1:4000/one-login/',
      }),
    );
    expect(env).toEqual({
      issuer: 'http://127.0.0.1:4000/one-login/',
      didDocumentUrl: 'http://127.0.0.1:4000/one-login/.well-known/did.json',
      coreIdentityIssuer: 'http://127.0.0.1:4000/one-login/',
    });
  });
});

describe('currentAddress', () => {
  it('takes the address without validUntil and makes printable lines', () => {
    expect(
      currentAddress([
        { buildingNumber: '1', streetName: 'OLD ROAD', postalCode: 'AA1 1AA', validUntil: '2019-01-01' },
        {
          uprn: 100120012077,
          buildingNumber: '8',
          streetName: 'HADLEY ROAD',
          addressLocality: 'BATH',
          postalCode: 'BA2 5AA',
        },
      ]),
    ).toEqual({ lines: ['8 Hadley Road', 'Bath'], postcode: 'BA2 5AA', uprn: '100120012077' });
    expect(currentAddress(undefined)).toBeUndefined();
    expect(currentAddress([])).toBeUndefined();
  });
});
