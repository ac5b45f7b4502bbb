// The fake Pay both sides talk to. Pay's per-second rate limits are off: the benchmark measures client overhead.
import { createPayFake } from '@council-sdk/pay/testing';
import type { SetupFn } from '../harness/fake-setup.js';

export const setup: SetupFn = async ({ origin }) => {
  const fake = createPayFake({ baseUrl: origin, rateLimit: false });
  return {
    handlers: fake.handlers,
    info: { apiKey: fake.apiKey },
    commands: {
      reset: () => fake.reset(),
    },
  };
};
