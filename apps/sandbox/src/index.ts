export {
  DEFAULT_IDS,
  DEFAULT_TEMPLATES,
  loadConfigFile,
  type ResolvedConfig,
  resolveConfig,
  type SandboxConfig,
  SandboxConfigError,
} from './config.js';
export { buildEnv, ENV_NAMES, type SandboxEnv, toDotEnv } from './env.js';
export { formatBanner } from './banner.js';
export { type Sandbox, type SandboxFakes, type StartSandboxOptions, startSandbox } from './server.js';
export type { FormsSandboxFake } from './services/forms.js';
export type { SandboxService, ServiceId } from './services/types.js';
