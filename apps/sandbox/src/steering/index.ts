import type { SandboxFakes } from '../server.js';
import type { SteeringEndpoint } from './endpoint.js';
import { formsEndpoints } from './forms.js';
import { notifyEndpoints } from './notify.js';
import { oneLoginEndpoints } from './one-login.js';
import { payEndpoints } from './pay.js';

export { describeEndpoint, steeringRoutes } from './router.js';
export type { SteeringEndpoint } from './endpoint.js';

/** Every `/__steer` endpoint, for the fakes the sandbox serves. */
export function steeringEndpoints(fakes: SandboxFakes): SteeringEndpoint[] {
  return [
    ...notifyEndpoints(() => fakes.notify),
    ...payEndpoints(() => fakes.pay),
    ...oneLoginEndpoints(() => fakes.oneLogin),
    ...formsEndpoints(() => fakes.forms),
  ];
}
