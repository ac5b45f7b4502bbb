// The root README's code example, executed as written: if the API it shows changes, this fails.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it, vi } from 'vitest';

const readme = readFileSync(fileURLToPath(new URL('../../../README.md', import.meta.url)), 'utf8');
const block = /<!-- readme-example:start -->\s*```ts\n([\s\S]*?)```\s*<!-- readme-example:end -->/.exec(
  readme,
)?.[1];
// Inside the package, so the shared vitest aliases resolve `@council-sdk/notify` to these sources.
const dir = mkdtempSync(join(fileURLToPath(new URL('.', import.meta.url)), '.readme-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('root README example', () => {
  it('runs as written and prints what its comments say', async () => {
    expect(block).toBeDefined();
    const file = join(dir, 'example.ts');
    writeFileSync(file, block as string);
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    try {
      await import(/* @vite-ignore */ file);
      expect(log.mock.calls).toEqual([['Parking permit PERMIT-1234'], [['template_id']]]);
    } finally {
      log.mockRestore();
    }
  });
});
