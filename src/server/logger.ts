/**
 * One structured log record. Callers put only metadata here: never diagram text, hints,
 * reports or keys, so logs can be shipped anywhere.
 */
export type LogEntry = Record<string, string | number | boolean | null | undefined>;

export type Logger = (entry: LogEntry) => void;

/** Writes each entry as one line of JSON, with a timestamp first. */
export function jsonLineLogger(write: (line: string) => void, now = () => new Date()): Logger {
  return (entry) => write(`${JSON.stringify({ time: now().toISOString(), ...entry })}\n`);
}

/** Where an internal error happened, without its message: messages can quote input. */
export function stackFrames(error: unknown): string | undefined {
  if (!(error instanceof Error) || !error.stack) return undefined;
  return error.stack
    .split('\n')
    .filter((line) => /^\s+at /.test(line))
    .slice(0, 8)
    .map((line) => line.trim())
    .join(' | ');
}
