// Progress bar with ETA (cli-progress). Writes to stderr so stdout stays machine-readable; when stderr is not a
// terminal (a background run writing to a log file) it prints a plain line every few seconds instead of redrawing.
import cliProgress from 'cli-progress';

export class Progress {
  private readonly bar: cliProgress.SingleBar | null;

  constructor(
    readonly label: string,
    total: number,
    enabled = true,
  ) {
    this.bar = enabled
      ? new cliProgress.SingleBar(
          {
            format: `${label} [{bar}] {percentage}% {value}/{total} | ETA {eta_formatted} | elapsed {duration_formatted} | {info}`,
            stream: process.stderr,
            noTTYOutput: !process.stderr.isTTY,
            notTTYSchedule: 5000,
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
  }

  stop(): void {
    this.bar?.stop();
  }
}
