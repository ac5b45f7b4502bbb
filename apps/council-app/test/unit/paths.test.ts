import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { paths } from '../../src/paths.js';
import { packageRoot } from '../../src/http/views.js';

/** Every Nunjucks template under views/, as [relative path, source]. */
function templates(): [string, string][] {
  const root = join(packageRoot(), 'views');
  return readdirSync(root, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.njk'))
    .map((file) => [file, readFileSync(join(root, file), 'utf8')]);
}

describe('paths', () => {
  it('templates link through the paths global, never a literal root-relative URL', () => {
    const literals = templates().flatMap(([file, source]) =>
      source
        .split('\n')
        .map((line, i) => ({ where: `${file}:${i + 1}`, line }))
        // A quoted string that starts with "/" and a letter is a URL written by hand (a suffix joined to a path from
        // the module, as in `paths.assets + "/rebrand"`, is not).
        .filter(({ line }) => /(?<![+~]\s*)["']\/[a-z]/i.test(line))
        .map(({ where, line }) => `${where}: ${line.trim()}`),
    );
    expect(literals).toEqual([]);
  });

  it('encodes ids in the paths it builds, so an id cannot add a path segment', () => {
    expect(paths.paymentResume('a/../b')).toBe('/payment/a%2F..%2Fb/resume');
    expect(paths.backOfficeRefund('x?y')).toBe('/back-office/payments/x%3Fy/refund');
  });
});
