import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { inject } from 'vitest';
import { type Database, openDatabase } from '../../src/db/engine.js';

// Each test gets its own database on the engine this vitest project runs (COUNCIL_TEST_ENGINE): a copy of the
// migrated template, on the real PostgreSQL server that globalSetup started, or in a PGlite of its own.

export type TestEngine = 'pglite' | 'postgres';
export const ENGINE: TestEngine = process.env.COUNCIL_TEST_ENGINE === 'postgres' ? 'postgres' : 'pglite';

let template: Blob | undefined;

export interface TestDatabase extends Database {
  /** A postgres:// URL other processes can use (PostgreSQL engine only). */
  url: string | undefined;
}

/** A fresh database, migrated (or `empty`: nothing applied). Close it after the test. */
export async function openTestDatabase(options: { empty?: boolean } = {}): Promise<TestDatabase> {
  if (ENGINE === 'pglite') {
    let pglite: PGlite;
    if (options.empty) {
      pglite = await PGlite.create();
    } else {
      template ??= new Blob([readFileSync(inject('pgliteTemplate'))]);
      pglite = await PGlite.create({ loadDataDir: template });
    }
    return Object.assign(await openDatabase({ pglite }), { url: undefined });
  }
  const serverUrl = inject('postgresUrl');
  const name = `t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}${options.empty ? '' : ' TEMPLATE council_template'}`);
  await admin.end();
  const url = serverUrl.replace(/\/postgres$/, `/${name}`);
  const database = await openDatabase({ url, poolSize: 10 });
  return {
    ...database,
    url,
    async close() {
      await database.close();
      const dropper = new pg.Client({ connectionString: serverUrl });
      await dropper.connect();
      await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await dropper.end();
    },
  };
}

/** A database other processes can reach: a new one on the PostgreSQL server (PostgreSQL engine only). */
export function postgresServerUrl(): string {
  return inject('postgresUrl');
}
