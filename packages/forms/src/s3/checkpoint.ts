/**
 * Where `S3SubmissionSource.watch()` records what it has handed out, so a restarted process carries on
 * without repeating or skipping a submission.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { CouncilSdkError } from '@council-sdk/core';

export interface CheckpointState {
  version: 1;
  /** Keys already handed out (and acknowledged), with their submission time (ISO). */
  processed: Record<string, string>;
  /** The latest submission time handed out (ISO). Keys older than this minus the look-back are not revisited. */
  watermark?: string | undefined;
}

/** Implement this to keep the checkpoint in a database, Redis, DynamoDB... */
export interface CheckpointStore {
  load(): Promise<CheckpointState | undefined>;
  save(state: CheckpointState): Promise<void>;
}

/** The checkpoint file is unreadable (not JSON, or not a checkpoint). */
export class CheckpointError extends CouncilSdkError {
  static override readonly brand: string = 'forms.CheckpointError';
}

function isState(value: unknown): value is CheckpointState {
  if (value === null || typeof value !== 'object') return false;
  const v = value as Record<string, unknown>;
  return (
    v.version === 1 &&
    v.processed !== null &&
    typeof v.processed === 'object' &&
    !Array.isArray(v.processed) &&
    Object.values(v.processed as object).every((t) => typeof t === 'string') &&
    (v.watermark === undefined || typeof v.watermark === 'string')
  );
}

/** A JSON file, replaced atomically (write then rename) so a crash mid-save never leaves half a file. */
export class FileCheckpointStore implements CheckpointStore {
  readonly path: string;
  constructor(path: string) {
    this.path = path;
  }

  async load(): Promise<CheckpointState | undefined> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as { code?: string }).code === 'ENOENT') return undefined;
      throw new CheckpointError(`Cannot read the checkpoint file ${this.path}`, { cause: error });
    }
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      throw new CheckpointError(`The checkpoint file ${this.path} is not JSON`);
    }
    if (!isState(value))
      throw new CheckpointError(`The checkpoint file ${this.path} is not a forms checkpoint`);
    return value;
  }

  async save(state: CheckpointState): Promise<void> {
    await mkdir(dirname(this.path), { recursive: true });
    const temporary = `${this.path}.${process.pid}.tmp`;
    await writeFile(temporary, `${JSON.stringify(state, null, 2)}\n`, 'utf8');
    await rename(temporary, this.path);
  }
}

/** Keeps the checkpoint in memory: exactly once for the life of the process only. */
export class MemoryCheckpointStore implements CheckpointStore {
  #state: CheckpointState | undefined;
  async load(): Promise<CheckpointState | undefined> {
    return this.#state ? structuredClone(this.#state) : undefined;
  }
  async save(state: CheckpointState): Promise<void> {
    this.#state = structuredClone(state);
  }
}
