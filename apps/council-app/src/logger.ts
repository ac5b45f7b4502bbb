// A tiny structured logger (one JSON line per event). Swap for pino in a real service; the interface is the same.
export interface Logger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
  /** A logger that adds `fields` (e.g. the request id) to every line. */
  child?(fields: Record<string, unknown>): Logger;
}

function line(level: string, message: string, fields?: Record<string, unknown>): string {
  const safe: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(fields ?? {})) {
    // Errors are reduced to name and message: SDK errors are already redacted, and stacks are noise here.
    safe[k] = v instanceof Error ? { name: v.name, message: v.message } : v;
  }
  return JSON.stringify({ time: new Date().toISOString(), level, message, ...safe });
}

function jsonLogger(bound: Record<string, unknown>): Logger {
  return {
    info: (m, f) => console.log(line('info', m, { ...bound, ...f })),
    warn: (m, f) => console.warn(line('warn', m, { ...bound, ...f })),
    error: (m, f) => console.error(line('error', m, { ...bound, ...f })),
    child: (fields) => jsonLogger({ ...bound, ...fields }),
  };
}

export const consoleLogger: Logger = jsonLogger({});

export const silentLogger: Logger = { info() {}, warn() {}, error() {}, child: () => silentLogger };

/** `log.child(fields)` where the logger has one; the logger itself otherwise. */
export function childLogger(log: Logger, fields: Record<string, unknown>): Logger {
  return log.child ? log.child(fields) : log;
}
