/**
 * Where `S3SubmissionSource.fromEvent()` records which submissions it has handed out, so that duplicate deliveries
 * of the same S3 notification (SQS and S3 both deliver at least once) hand each submission out only once.
 *
 * The contract is claim, then complete or release: a claim is a lease (so a worker that dies mid-processing does
 * not block the submission for ever), completion is permanent. A store shared by concurrent workers must make
 * `claim` atomic (a conditional write: DynamoDB `attribute_not_exists`, SQL `INSERT ... ON CONFLICT DO NOTHING`).
 */
import { createHash, randomUUID } from 'node:crypto';
import { link, mkdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CouncilSdkError } from '@council-sdk/core';

/**
 * - `claimed`: the caller now holds the lease and must `complete` or `release` it;
 * - `done`: completed before, skip it;
 * - `busy`: someone else holds an unexpired lease (a concurrent duplicate delivery).
 */
export type ClaimResult = 'claimed' | 'done' | 'busy';

/** Implement this to keep idempotency records in DynamoDB, PostgreSQL, Redis... */
export interface IdempotencyStore {
  /** Take the lease on `id` for `leaseMs` unless it is done or leased to someone else. Must be atomic. */
  claim(id: string, leaseMs: number): Promise<ClaimResult>;
  /** Record `id` as done, for good. */
  complete(id: string): Promise<void>;
  /** Give up the lease without completing (processing failed), so a retry can claim it at once. */
  release(id: string): Promise<void>;
}

/** A record in the file store cannot be read. */
export class IdempotencyStoreError extends CouncilSdkError {
  static override readonly brand: string = 'forms.IdempotencyStoreError';
}

/** In memory: exactly once for the life of the process (a warm Lambda container, a test). */
export class MemoryIdempotencyStore implements IdempotencyStore {
  readonly #records = new Map<string, { done: true } | { until: number }>();
  readonly #now: () => number;

  constructor(options: { now?: () => number } = {}) {
    this.#now = options.now ?? Date.now;
  }

  async claim(id: string, leaseMs: number): Promise<ClaimResult> {
    const record = this.#records.get(id);
    if (record && 'done' in record) return 'done';
    if (record && record.until > this.#now()) return 'busy';
    this.#records.set(id, { until: this.#now() + leaseMs });
    return 'claimed';
  }

  async complete(id: string): Promise<void> {
    this.#records.set(id, { done: true });
  }

  async release(id: string): Promise<void> {
    const record = this.#records.get(id);
    if (record && !('done' in record)) this.#records.delete(id);
  }
}

interface Lease {
  owner: string;
  until: number;
}

const isMissing = (error: unknown) => (error as { code?: string }).code === 'ENOENT';
const isExisting = (error: unknown) => (error as { code?: string }).code === 'EEXIST';

/**
 * One small file per submission in a directory: `<sha256>.done` once completed, `<sha256>.lease` while claimed.
 * Claims use exclusive create (`O_EXCL`), which is atomic between processes on one machine (not on every network
 * file system), so several workers on one host may share the directory.
 */
export class FileIdempotencyStore implements IdempotencyStore {
  readonly directory: string;
  readonly #now: () => number;
  /** This store's own leases: id -> owner token, so it never releases a lease another process has taken over. */
  readonly #owned = new Map<string, string>();

  constructor(directory: string, options: { now?: () => number } = {}) {
    this.directory = directory;
    this.#now = options.now ?? Date.now;
  }

  #path(id: string, kind: 'done' | 'lease'): string {
    // Hashed: keys can be long and hold characters a file name cannot.
    return join(this.directory, `${createHash('sha256').update(id).digest('hex')}.${kind}`);
  }

  async #isDone(id: string): Promise<boolean> {
    try {
      await readFile(this.#path(id, 'done'));
      return true;
    } catch (error) {
      if (isMissing(error)) return false;
      throw new IdempotencyStoreError(`Cannot read the idempotency directory ${this.directory}`, {
        cause: error,
      });
    }
  }

  async #readLease(path: string): Promise<Lease | undefined> {
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw error;
    }
    try {
      const lease = JSON.parse(text) as Lease;
      if (typeof lease.owner === 'string' && typeof lease.until === 'number') return lease;
    } catch {
      // fall through: a lease half-written by a process that died is treated as expired
    }
    return { owner: '', until: 0 };
  }

  async claim(id: string, leaseMs: number): Promise<ClaimResult> {
    await mkdir(this.directory, { recursive: true });
    if (await this.#isDone(id)) return 'done';
    const path = this.#path(id, 'lease');
    const owner = randomUUID();
    const body = JSON.stringify({ owner, until: this.#now() + leaseMs } satisfies Lease);
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        await writeFile(path, body, { flag: 'wx' });
        // Completed between the check above and the claim: drop the lease again.
        if (await this.#isDone(id)) {
          await unlink(path).catch(() => {});
          return 'done';
        }
        this.#owned.set(id, owner);
        return 'claimed';
      } catch (error) {
        if (!isExisting(error)) throw error;
      }
      const current = await this.#readLease(path);
      if (current && current.until > this.#now()) return 'busy';
      if (current && !(await this.#takeOverExpired(path, current))) return 'busy';
    }
    return 'busy';
  }

  /**
   * Remove an expired lease so it can be claimed again. Rename is atomic: only one process moves the file; if what
   * it moved is not the expired lease it read (someone else took over in between), it puts that back.
   */
  async #takeOverExpired(path: string, expired: Lease): Promise<boolean> {
    const aside = `${path}.${randomUUID()}.expired`;
    try {
      await rename(path, aside);
    } catch (error) {
      if (isMissing(error)) return true; // already gone: try to claim
      throw error;
    }
    const moved = await this.#readLease(aside);
    if (moved && moved.owner === expired.owner && moved.until === expired.until) {
      await unlink(aside).catch(() => {});
      return true;
    }
    // Not ours to remove: restore it unless a newer lease already took its place.
    await link(aside, path).catch(() => {});
    await unlink(aside).catch(() => {});
    return false;
  }

  async complete(id: string): Promise<void> {
    await mkdir(this.directory, { recursive: true });
    await writeFile(this.#path(id, 'done'), `${new Date(this.#now()).toISOString()}\n`);
    await this.release(id);
  }

  async release(id: string): Promise<void> {
    const owner = this.#owned.get(id);
    if (owner === undefined) return;
    this.#owned.delete(id);
    const path = this.#path(id, 'lease');
    const lease = await this.#readLease(path);
    if (lease?.owner === owner) await unlink(path).catch(() => {});
  }
}
