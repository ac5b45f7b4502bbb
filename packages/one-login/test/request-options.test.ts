import { describe, expect, it } from 'vitest';
import { AbortError, VERSION } from '../src/index.js';
import { follow, setup, signIn, useMsw } from './helpers';

useMsw();

describe('per-call RequestOptions on One Login methods that reach the network', () => {
  it('handleCallback takes a signal: an aborted call fails with AbortError and exchanges no code', async () => {
    const s = setup();
    const auth = await s.client.createAuthorizationRequest();
    const { location } = await follow(auth.url);
    const controller = new AbortController();
    controller.abort();
    await expect(
      s.client.handleCallback(location as string, auth, { signal: controller.signal }),
    ).rejects.toBeInstanceOf(AbortError);
    // The code was not spent: the same callback still completes.
    await expect(s.client.handleCallback(location as string, auth)).resolves.toHaveProperty('claims');
  });

  it('getUserInfo takes a signal and headers with its expectedSub', async () => {
    const s = setup();
    const { result } = await signIn(s);
    const controller = new AbortController();
    controller.abort();
    await expect(
      s.client.getUserInfo(result.tokens.access_token, {
        expectedSub: result.claims.sub,
        signal: controller.signal,
      }),
    ).rejects.toBeInstanceOf(AbortError);
    const info = await s.client.getUserInfo(result.tokens.access_token, {
      expectedSub: result.claims.sub,
      headers: { 'x-trace': 'one' },
    });
    expect(info.sub).toBe(result.claims.sub);
  });

  it('exports its version', () => {
    expect(VERSION).toMatch(/^\d+\.\d+\.\d+/);
  });
});
