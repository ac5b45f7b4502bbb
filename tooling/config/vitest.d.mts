import type { UserConfig } from 'vitest/config';
export declare function packageTestConfig(test?: UserConfig['test']): UserConfig;
