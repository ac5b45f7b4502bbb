import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../../src/db/engine.js';
import { prepareTemplate } from './template.js';

// vitest globalSetup for the embedded engine: one PGlite is created and migrated once, and its data folder is
// dumped to a file; each test starts its own PGlite from that dump (about a second, instead of an initdb).

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteTemplate: string;
    postgresUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const dir = mkdtempSync(join(tmpdir(), 'council-pglite-'));
  const pglite = await PGlite.create();
  const database = await openDatabase({ pglite });
  await prepareTemplate(database);
  const dump = await pglite.dumpDataDir('none');
  await database.close();
  const file = join(dir, 'template.tar');
  writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  project.provide('pgliteTemplate', file);
  project.provide('postgresUrl', '');
  return () => rmSync(dir, { recursive: true, force: true });
}
