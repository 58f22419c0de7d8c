// Progress bar with ETA (cli-progress). Writes to stderr so stdout stays machine-readable; when stderr is not a
// terminal (a background run writing to a log file) it prints a plain line with the ETA every 10 s instead
// (cli-progress's own non-TTY mode prints from a timer, which never fires while tfjs keeps the event loop busy).
import cliProgress from 'cli-progress';

export class Progress {
  private readonly bar: cliProgress.SingleBar | null;
  private readonly plain: boolean;
  private readonly t0 = Date.now();
  private lastPrint = 0;

  constructor(
    readonly label: string,
    readonly total: number,
    enabled = true,
  ) {
    this.plain = enabled && !process.stderr.isTTY;
    this.bar =
      enabled && !this.plain
        ? new cliProgress.SingleBar(
            {
              format: `${label} [{bar}] {percentage}% {value}/{total} | ETA {eta_formatted} | elapsed {duration_formatted} | {info}`,
              stream: process.stderr,
              etaBuffer: 50,
              hideCursor: true,
            },
            cliProgress.Presets.shades_classic,
          )
        : null;
    this.bar?.start(total, 0, { info: '' });
  }

  update(value: number, info = ''): void {
    this.bar?.update(value, { info });
    const now = Date.now();
    if (this.plain && (now - this.lastPrint > 10_000 || value >= this.total)) {
      this.lastPrint = now;
      const el = (now - this.t0) / 1000;
      const eta = value > 0 ? (el * (this.total - value)) / value : NaN;
      console.error(`${this.label} ${value}/${this.total} (${((100 * value) / this.total).toFixed(0)}%) elapsed ${fmt(el)} ETA ${fmt(eta)} ${info}`);
    }
  }

  stop(): void {
    this.bar?.stop();
  }
}

function fmt(s: number): string {
  if (!Number.isFinite(s)) return '?';
  const m = Math.floor(s / 60);
  return m > 0
    ? `${m}m${Math.round(s % 60)
        .toString()
        .padStart(2, '0')}s`
    : `${s.toFixed(0)}s`;
}
