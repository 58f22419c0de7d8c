// Early stopping on a validation score that should rise (mean AUC over labels that have positives and
// negatives in the validation split). Keeps the best epoch; stops after `patience` epochs without improvement.

export interface EarlyStoppingState {
  best: number;
  bestEpoch: number;
  bad: number;
}

export class EarlyStopping {
  state: EarlyStoppingState;

  constructor(
    readonly patience: number,
    readonly minDelta = 1e-4,
    state?: EarlyStoppingState,
  ) {
    this.state = state ?? { best: -Infinity, bestEpoch: -1, bad: 0 };
  }

  /** Records the score of `epoch`; returns true when this epoch is the new best. */
  update(epoch: number, score: number): boolean {
    if (Number.isFinite(score) && score > this.state.best + this.minDelta) {
      this.state = { best: score, bestEpoch: epoch, bad: 0 };
      return true;
    }
    this.state = { ...this.state, bad: this.state.bad + 1 };
    return false;
  }

  get shouldStop(): boolean {
    return this.state.bad >= this.patience;
  }
}
