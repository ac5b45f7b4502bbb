/**
 * The one clock every fake keeps time with. Real time by default (so a sandbox behaves like the service), or
 * frozen at a moment (so a test decides when time passes). Work a fake schedules on it (a notification reaching
 * its final status, a webhook retry, a payment expiring) runs either when that much time has really passed, or at
 * once when a test calls `advance()` past it: tests compress minutes into a call, never into a sleep.
 */

export interface FakeClockState {
  /** How far the clock is ahead of (or, with `set`, behind) the base clock. */
  offsetMs: number;
  /** The moment the clock stands at, when frozen. */
  frozenAt?: string;
}

export interface FakeTimer {
  /** The clock time it falls due. */
  readonly dueAt: Date;
  cancel(): void;
}

export interface FakeClock {
  now(): Date;
  /**
   * Move time forward by `ms`: every timer that falls due runs, in order, each seeing `now()` at its due time.
   * Resolves once they have run (and anything they awaited has settled).
   */
  advance(ms: number): Promise<void>;
  /** Jump to a moment. Timers now due run on the next `advance()` or when their real delay passes. */
  set(date: Date): void;
  /** Stop real time passing for this clock (at `at`, or now). `advance()` still moves it. */
  freeze(at?: Date): void;
  /** Let real time pass again from the current moment. */
  unfreeze(): void;
  readonly frozen: boolean;
  /**
   * Run `fn` once `delayMs` of clock time has passed. With a ticking clock it also fires by real time, after
   * `delayMs × timeScale` real milliseconds (the clock then jumps forward to the due time, so causes come
   * before effects).
   */
  setTimeout(fn: () => unknown, delayMs: number): FakeTimer;
  /** Timers not yet run. */
  pendingTimers(): number;
  /** Cancel every pending timer (a fake's `reset()`). */
  clearTimers(): void;
  /** Real milliseconds per clock millisecond for scheduled work (1 = real schedule; 0.001 turns 60 s into 60 ms). */
  timeScale: number;
  state(): FakeClockState;
  restoreState(state: FakeClockState): void;
}

export interface FakeClockOptions {
  /** The base clock (default: the system clock). */
  base?: () => Date;
  /** Start frozen at this moment (default: ticking with real time). */
  frozenAt?: Date;
  /** See `FakeClock.timeScale` (default 1). */
  timeScale?: number;
}

interface Entry {
  dueMs: number;
  seq: number;
  fn: () => unknown;
  real?: ReturnType<typeof setTimeout>;
  done: boolean;
}

export function createFakeClock(options: FakeClockOptions = {}): FakeClock {
  const base = options.base ?? (() => new Date());
  let offsetMs = 0;
  let frozenAtMs: number | undefined = options.frozenAt?.getTime();
  let seq = 0;
  let entries: Entry[] = [];

  const nowMs = () => frozenAtMs ?? base().getTime() + offsetMs;
  const moveTo = (ms: number) => {
    if (frozenAtMs !== undefined) frozenAtMs = ms;
    else offsetMs = ms - base().getTime();
  };

  const run = async (entry: Entry) => {
    if (entry.done) return;
    entry.done = true;
    if (entry.real) clearTimeout(entry.real);
    entries = entries.filter((e) => e !== entry);
    if (nowMs() < entry.dueMs) moveTo(entry.dueMs);
    await entry.fn();
  };

  const armReal = (entry: Entry) => {
    if (frozenAtMs !== undefined) return;
    const wait = Math.max(0, (entry.dueMs - nowMs()) * clock.timeScale);
    entry.real = setTimeout(() => void run(entry), wait);
    entry.real.unref?.();
  };

  const clock: FakeClock = {
    timeScale: options.timeScale ?? 1,
    now: () => new Date(nowMs()),
    get frozen() {
      return frozenAtMs !== undefined;
    },
    async advance(ms) {
      if (!Number.isFinite(ms) || ms < 0) {
        throw new RangeError('clock.advance takes a finite, non-negative number of milliseconds');
      }
      const target = nowMs() + ms;
      for (;;) {
        const next = entries
          .filter((e) => e.dueMs <= target)
          .sort((a, b) => a.dueMs - b.dueMs || a.seq - b.seq)[0];
        if (!next) break;
        await run(next);
      }
      if (nowMs() < target) moveTo(target);
    },
    set(date) {
      moveTo(date.getTime());
    },
    freeze(at) {
      frozenAtMs = at?.getTime() ?? nowMs();
      for (const entry of entries) if (entry.real) clearTimeout(entry.real);
    },
    unfreeze() {
      if (frozenAtMs === undefined) return;
      offsetMs = frozenAtMs - base().getTime();
      frozenAtMs = undefined;
      for (const entry of entries) armReal(entry);
    },
    setTimeout(fn, delayMs) {
      const entry: Entry = { dueMs: nowMs() + Math.max(0, delayMs), seq: seq++, fn, done: false };
      entries.push(entry);
      armReal(entry);
      return {
        dueAt: new Date(entry.dueMs),
        cancel() {
          entry.done = true;
          if (entry.real) clearTimeout(entry.real);
          entries = entries.filter((e) => e !== entry);
        },
      };
    },
    pendingTimers: () => entries.length,
    clearTimers() {
      for (const entry of entries) {
        entry.done = true;
        if (entry.real) clearTimeout(entry.real);
      }
      entries = [];
    },
    state() {
      return frozenAtMs === undefined
        ? { offsetMs }
        : { offsetMs, frozenAt: new Date(frozenAtMs).toISOString() };
    },
    restoreState(state) {
      offsetMs = state.offsetMs;
      frozenAtMs = state.frozenAt === undefined ? undefined : Date.parse(state.frozenAt);
    },
  };
  return clock;
}
