import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../../src/db/engine.js';
import { startPostgresServer } from '../support/postgres-server.js';
import { prepareTemplate } from './template.js';

// vitest globalSetup for the PostgreSQL engine: a real server for this run (test/support/postgres-server.ts),
// one migrated template database that each test copies, everything removed afterwards.

export const TEMPLATE_DB = 'council_template';

export default async function setup(project: TestProject) {
  const server = await startPostgresServer();
  try {
    const admin = new pg.Client({ connectionString: server.url });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${TEMPLATE_DB}`);
    await admin.end();
    const database = await openDatabase({ url: server.url.replace(/\/postgres$/, `/${TEMPLATE_DB}`) });
    await prepareTemplate(database);
    await database.close();
  } catch (err) {
    server.stop();
    throw err;
  }
  project.provide('postgresUrl', server.url);
  project.provide('pgliteTemplate', '');
  return () => server.stop();
}
