// Training log: one JSON object per line (step or epoch records), appended and flushed as it goes so a killed
// run leaves a readable log. Every record carries the wall-clock time and seconds since the log was opened.
import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

export type LogRecord = Record<string, unknown> & { kind: string };

export class JsonlLog {
  private readonly t0 = Date.now();

  constructor(readonly path: string | null) {
    if (path) mkdirSync(dirname(path), { recursive: true });
  }

  write(rec: LogRecord): void {
    if (!this.path) return;
    const line = JSON.stringify({ time: new Date().toISOString(), elapsedS: (Date.now() - this.t0) / 1000, ...rec });
    appendFileSync(this.path, line + '\n');
  }
}
