/** Structured one-line JSON logs on stdout. Never pass tokens or Authorization headers here. */
export type LogLevel = 'info' | 'warn' | 'error';
export type Logger = (level: LogLevel, msg: string, fields?: Record<string, unknown>) => void;

export function jsonLogger(write: (line: string) => void = (l) => process.stdout.write(l)): Logger {
  return (level, msg, fields) => {
    write(JSON.stringify({ time: new Date().toISOString(), level, msg, ...fields }) + '\n');
  };
}
