// A tiny structured logger (one JSON line per event). Swap for pino in a real service; the interface is the same.
export interface Logger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

function line(level: string, message: string, fields?: Record<string, unknown>): string {
  const safe: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(fields ?? {})) {
    // Errors are reduced to name and message: SDK errors are already redacted, and stacks are noise here.
    safe[k] = v instanceof Error ? { name: v.name, message: v.message } : v;
  }
  return JSON.stringify({ time: new Date().toISOString(), level, message, ...safe });
}

export const consoleLogger: Logger = {
  info: (m, f) => console.log(line('info', m, f)),
  warn: (m, f) => console.warn(line('warn', m, f)),
  error: (m, f) => console.error(line('error', m, f)),
};

export const silentLogger: Logger = { info() {}, warn() {}, error() {} };
