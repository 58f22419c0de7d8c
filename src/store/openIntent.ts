// Whether the viewer's current selection was made by the app itself (file intake opens the first image of a drop
// by itself) rather than by the reader: only the reader's own opening marks a worklist study as read.
let automatic = 0;

export function withAutomaticOpen<T>(fn: () => T): T {
  automatic++;
  try {
    return fn();
  } finally {
    automatic--;
  }
}

export function isAutomaticOpen(): boolean {
  return automatic > 0;
}
