import type { Kysely, Transaction } from 'kysely';
import type { Schema } from '../schema.js';

/** What a repository runs its queries on: the pool, or the transaction of a unit of work. */
export type Executor = Kysely<Schema> | Transaction<Schema>;

/** The clock repositories stamp rows with (tests pass a fixed one). */
export type Now = () => Date;
