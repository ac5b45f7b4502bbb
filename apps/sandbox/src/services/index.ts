import { createFormsService } from './forms.js';
import { createNotifyService } from './notify.js';
import { createOneLoginService } from './one-login.js';
import { createPayService } from './pay.js';
import type { ServiceFactory } from './types.js';

/** Every fake the sandbox serves. Each module wires one `create<Service>Fake` into the server. */
export const SERVICE_FACTORIES: ServiceFactory[] = [
  createNotifyService,
  createPayService,
  createOneLoginService,
  createFormsService,
];
