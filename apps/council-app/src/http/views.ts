import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Express } from 'express';
import nunjucks from 'nunjucks';
import { paths } from '../paths.js';

/** The package root, found by walking up from this file (works from src/ under vitest and from dist/). */
export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && JSON.parse(readFileSync(pkg, 'utf8')).name === 'council-app') return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error('council-app: cannot find the package root');
    dir = parent;
  }
}

/** govuk-frontend's dist folder: Nunjucks macros (govuk/...) and the compiled CSS, JS, fonts and images. */
export function govukFrontendDist(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('govuk-frontend/package.json')), 'dist');
}

export function configureViews(app: Express): nunjucks.Environment {
  const env = nunjucks.configure([join(packageRoot(), 'views'), govukFrontendDist()], {
    autoescape: true,
    express: app,
    throwOnUndefined: false,
  });
  // Templates link with the same paths module as the routes, so a URL changes in one place.
  env.addGlobal('paths', paths);
  app.set('view engine', 'njk');
  return env;
}
