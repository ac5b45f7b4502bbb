import type { Config } from '../config.js';
import type { Store } from '../db/store.js';
import { createFormsService } from './forms.js';
import { createNotifyService } from './notify.js';
import { createOneLoginService } from './one-login.js';
import { createPayService } from './pay.js';
import type { Services } from './ports.js';

export type * from './ports.js';

/**
 * The real services, from configuration (the sandbox's URLs by default, the real ones when real keys are set).
 * With the store, One Login's logout-token replay store is the database, shared by every instance.
 */
export function createServices(config: Config, store?: Store): Services {
  return {
    pay: createPayService(config),
    notify: createNotifyService(config),
    oneLogin: createOneLoginService(
      config,
      store
        ? {
            logoutTokenReplayStore: {
              checkAndStore: (key, expiresAt) =>
                store.logoutTokenReplays.checkAndStore(key, expiresAt, new Date()),
            },
          }
        : {},
    ),
    forms: createFormsService(config),
  };
}
