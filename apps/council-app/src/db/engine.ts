import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Schema } from './schema.js';

// PostgreSQL is the app's only SQL dialect. With DATABASE_URL the app talks to a PostgreSQL server; without it,
// PGlite (PostgreSQL compiled to WebAssembly, in this process) is started and served on a loopback port over the
// PostgreSQL wire protocol (@electric-sql/pglite-socket), and the app connects to it with the same `pg` driver.
// Every query, migration and queue operation is therefore the same code on both engines.

export type Engine = 'postgres' | 'pglite';

export interface Database {
  engine: Engine;
  /** The typed query builder every repository uses. */
  db: Kysely<Schema>;
  /** The connection pool under it (the job queue runs its SQL through it too). */
  pool: pg.Pool;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** postgres://... (a server). Without it, PGlite. */
  url?: string | undefined;
  /** PGlite's data folder; ':memory:' keeps nothing. Ignored with `url`. */
  dataDir?: string | undefined;
  /** An already open PGlite (tests start one from a template); it is closed with the database. */
  pglite?: PGlite | undefined;
  /** Connections per instance against a server (default 10). */
  poolSize?: number | undefined;
}

// Dates in timestamptz columns come back as Date objects (pg's default); bigint (bigserial) stays a string.
export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  if (options.url && !options.pglite) {
    const pool = new pg.Pool({ connectionString: options.url, max: options.poolSize ?? 10 });
    pool.on('error', () => {}); // an idle client's lost connection: the pool replaces it on next use
    const db = new Kysely<Schema>({ dialect: new PostgresDialect({ pool }) });
    return {
      engine: 'postgres',
      db,
      pool,
      async close() {
        await db.destroy();
      },
    };
  }
  let pglite = options.pglite;
  if (!pglite) {
    const dir =
      options.dataDir && options.dataDir !== ':memory:' ? join(options.dataDir, 'pglite') : undefined;
    if (dir) mkdirSync(dir, { recursive: true });
    pglite = await PGlite.create(dir ? { dataDir: dir } : {});
  }
  const server = new PGLiteSocketServer({ db: pglite, host: '127.0.0.1', port: 0, maxConnections: 4 });
  await server.start();
  const address = server.getServerConn();
  // PGlite is one PostgreSQL backend: the socket server interleaves clients between transactions but not
  // inside an extended-protocol exchange, so one connection carries everything (the queue shares the pool).
  const pool = new pg.Pool({ connectionString: `postgres://postgres@${address}/postgres`, max: 1 });
  pool.on('error', () => {});
  const db = new Kysely<Schema>({ dialect: new PostgresDialect({ pool }) });
  const owned = pglite;
  return {
    engine: 'pglite',
    db,
    pool,
    async close() {
      await db.destroy();
      await server.stop();
      await owned.close();
    },
  };
}
