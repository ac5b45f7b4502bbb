import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { declaredValueExports, diffExports } from '../exports.mjs';

const dir = mkdtempSync(join(tmpdir(), 'exports-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name, text) => {
  writeFileSync(join(dir, name), text);
  return join(dir, name);
};

describe('declaredValueExports', () => {
  it('keeps classes, functions, consts and enums; drops interfaces, type aliases and type-only exports', () => {
    file(
      'errors.d.ts',
      'export declare class AbortError extends Error {}\nexport declare class Hidden {}\nexport interface ErrorIssue { path: string }\n',
    );
    const entry = file(
      'index.d.ts',
      [
        "export * from './errors.js';",
        "import { Hidden } from './errors.js';",
        'export { type Hidden };',
        'declare class Client {}',
        'export declare function helper(): void;',
        'export declare const VERSION: string;',
        'export declare enum Mode { A = 0 }',
        'export type Alias = string;',
        'interface Options { a: number }',
        'export { Client, type Options };',
        'export type { Client as ClientType };',
      ].join('\n'),
    );
    expect(declaredValueExports([entry]).get(entry)).toEqual([
      'AbortError',
      'Client',
      'Mode',
      'VERSION',
      'helper',
    ]);
  });
});

describe('diffExports', () => {
  it('names what the types promise but the module lacks, and what the module has undeclared', () => {
    expect(diffExports(['AbortError', 'Client', 'VERSION'], ['Client', 'VERSION', 'internalHelper'])).toEqual(
      {
        missing: ['AbortError'],
        extra: ['internalHelper'],
      },
    );
    expect(diffExports(['a', 'b'], ['b', 'a'])).toEqual({ missing: [], extra: [] });
  });
});
