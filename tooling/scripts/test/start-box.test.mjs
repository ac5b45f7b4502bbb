import { describe, expect, it } from 'vitest';
import { appEnvironment, formatStartBox } from '../start-box.mjs';

const env = {
  BACK_OFFICE_USERNAME: 'staff',
  BACK_OFFICE_PASSWORD: 'sandbox-password-123',
  ONE_LOGIN_PRIVATE_KEY: '-----BEGIN PRIVATE KEY-----\nMIIE...\n-----END PRIVATE KEY-----',
  SESSION_SECRET: 'a-long-session-secret-of-the-sandbox',
};

describe('the ./run start box', () => {
  it('names the back office and its sandbox login', () => {
    const box = formatStartBox({
      sandboxUrl: 'http://127.0.0.1:4000',
      appUrl: 'http://127.0.0.1:3000',
      env,
      stateFile: '.data/sandbox/state.json',
    });
    expect(box).toContain('http://127.0.0.1:3000/back-office');
    expect(box).toContain('staff / sandbox-password-123');
    expect(box).toContain('http://127.0.0.1:4000/');
  });

  it('shows no private key, no secret and no "paste into your .env" advice', () => {
    const box = formatStartBox({ sandboxUrl: 'http://127.0.0.1:4000', appUrl: 'http://127.0.0.1:3000', env });
    expect(box).not.toContain('PRIVATE KEY');
    expect(box).not.toContain(env.SESSION_SECRET);
    expect(box.toLowerCase()).not.toContain('.env');
    expect(box).toContain('(memory only)');
  });

  it('leaves out the app and back office when the app is not built', () => {
    const box = formatStartBox({ sandboxUrl: 'http://127.0.0.1:4000', env });
    expect(box).not.toContain('Back office');
    expect(box).not.toContain('Council app');
  });

  it('starts the app without the AWS SDK notice about future Node versions', () => {
    expect(appEnvironment({ PATH: '/bin' }, { PORT: '3000' })).toEqual({
      PATH: '/bin',
      PORT: '3000',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    });
  });
});
