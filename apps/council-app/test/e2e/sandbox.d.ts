// The part of the sandbox's API these tests use (INTEGRATION.md). Declared here so the app's type check does not
// depend on the sandbox having been built; vitest.config.ts points the import at the sandbox's sources.
declare module '@council-sdk/sandbox' {
  export interface Sandbox {
    url: string;
    env: Record<string, string>;
    fakes: Partial<Record<'notify' | 'pay' | 'oneLogin' | 'forms', unknown>>;
    reset(): Promise<void>;
    close(): Promise<void>;
  }
  export function startSandbox(options?: {
    port?: number;
    appBaseUrl?: string;
    stateFile?: string;
  }): Promise<Sandbox>;
}
