// Ctrl-C handling: the first SIGINT only raises a flag; the training loop checks it after each step, writes a
// checkpoint and returns, and the command exits with 130. A second SIGINT exits at once.

export class Interrupt {
  requested = false;
  private readonly onSignal = (): void => {
    if (this.requested) {
      console.error('\nSecond interrupt: exiting without saving.');
      process.exit(130);
    }
    this.requested = true;
    console.error('\nInterrupt: saving a checkpoint, then exiting (Ctrl-C again to exit at once).');
  };

  install(): this {
    process.on('SIGINT', this.onSignal);
    process.on('SIGTERM', this.onSignal);
    return this;
  }

  uninstall(): void {
    process.off('SIGINT', this.onSignal);
    process.off('SIGTERM', this.onSignal);
  }
}
