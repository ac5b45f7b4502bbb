import type { Config } from '../config.js';
import { createFormsService } from './forms.js';
import { createNotifyService } from './notify.js';
import { createOneLoginService } from './one-login.js';
import { createPayService } from './pay.js';
import type { Services } from './ports.js';

export type * from './ports.js';

/** The real services, from configuration (the sandbox's URLs by default, the real ones when real keys are set). */
export function createServices(config: Config): Services {
  return {
    pay: createPayService(config),
    notify: createNotifyService(config),
    oneLogin: createOneLoginService(config),
    forms: createFormsService(config),
  };
}
