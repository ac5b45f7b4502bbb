import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';
import { TEST_ENV } from '../helpers/harness.js';

function problems(env: Record<string, string | undefined>): string[] {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('accepts the sandbox-shaped environment and applies defaults', () => {
    const config = loadConfig(TEST_ENV);
    expect(config.APP_BASE_URL).toBe('http://127.0.0.1:3000');
    expect(config.PORT).toBe(3000);
    // Against the sandbox by default.
    expect(config.PAY_BASE_URL).toBe('http://127.0.0.1:4000/pay');
    expect(config.NOTIFY_BASE_URL).toBe('http://127.0.0.1:4000/notify');
    expect(config.ONE_LOGIN_ISSUER).toBe('http://127.0.0.1:4000/one-login/');
    expect(config.S3_ENDPOINT).toBe('http://127.0.0.1:4000/s3');
    expect(config.secureCookies).toBe(false);
    expect(config.backOffice).toEqual({ username: 'staff', password: 'correct horse battery staple' });
  });

  it('names every missing variable, and says it is required', () => {
    const { PAY_API_KEY: _p, NOTIFY_TEMPLATE_PERMIT_EMAIL: _n, ...env } = TEST_ENV;
    expect(problems(env)).toEqual(['NOTIFY_TEMPLATE_PERMIT_EMAIL is required', 'PAY_API_KEY is required']);
  });

  it('explains bad values without echoing them', () => {
    const found = problems({ ...TEST_ENV, SESSION_SECRET: 'short-secret', PAY_BASE_URL: 'not a url' });
    expect(found).toEqual([
      'SESSION_SECRET must be at least 32 characters (use a long random value)',
      'PAY_BASE_URL must be a URL (http:// or https://)',
    ]);
    expect(found.join()).not.toContain('short-secret');
  });

  it('refuses plain http for anything but loopback', () => {
    expect(problems({ ...TEST_ENV, APP_BASE_URL: 'http://permits.example.gov.uk' })).toEqual([
      'APP_BASE_URL must use https:// unless the host is 127.0.0.1 or localhost',
    ]);
    expect(loadConfig({ ...TEST_ENV, APP_BASE_URL: 'https://permits.example.gov.uk/' }).secureCookies).toBe(
      true,
    );
  });

  it('needs both back-office variables or neither, and a password of 8+ characters', () => {
    expect(problems({ ...TEST_ENV, BACK_OFFICE_PASSWORD: '' })).toEqual([
      'BACK_OFFICE_USERNAME and BACK_OFFICE_PASSWORD must be set together',
    ]);
    expect(problems({ ...TEST_ENV, BACK_OFFICE_PASSWORD: 'short' })).toEqual([
      'BACK_OFFICE_PASSWORD must be at least 8 characters',
    ]);
    expect(
      loadConfig({ ...TEST_ENV, BACK_OFFICE_USERNAME: '', BACK_OFFICE_PASSWORD: '' }).backOffice,
    ).toBeUndefined();
  });

  it('accepts a private key written on one line with \\n escapes', () => {
    const config = loadConfig({
      ...TEST_ENV,
      ONE_LOGIN_PRIVATE_KEY: '-----BEGIN PRIVATE KEY-----\\nabc\\n-----END PRIVATE KEY-----',
    });
    expect(config.ONE_LOGIN_PRIVATE_KEY).toBe('-----BEGIN PRIVATE KEY-----\nabc\n-----END PRIVATE KEY-----');
  });

  it('treats an empty variable as unset', () => {
    const config = loadConfig({ ...TEST_ENV, PAY_BASE_URL: '', ONE_LOGIN_DID_URL: '', PORT: '' });
    expect(config.PAY_BASE_URL).toBe('http://127.0.0.1:4000/pay');
    expect(config.ONE_LOGIN_DID_URL).toBeUndefined();
    expect(config.PORT).toBe(3000);
    expect(problems({ ...TEST_ENV, PAY_API_KEY: ' ' })).toEqual(['PAY_API_KEY is required']);
  });
});
