// The reader-facing state of the stored data (resultDb.ts): how long results and read marks are kept (the
// reader's setting, in localStorage "statread.storage.retentionDays"; not a secret, not patient data) and the one
// notice per page that a write failed. Written by resultDb.ts; the header's "Stored data" dialog and the storage
// notice read it.
import { create } from 'zustand';
import { DEFAULT_RETENTION_DAYS, parseRetentionDays } from './storagePolicy';

const RETENTION_KEY = 'statread.storage.retentionDays';

export const WRITE_FAILED_MESSAGE =
  'Results and read marks could not be saved in this browser (storage full, disabled or blocked): they last only until this page is closed.';

interface StoredDataState {
  retentionDays: number;
  /** The notice on screen (null: none, or dismissed). */
  warning: string | null;
  /** A failed write was already reported on this page: the reader is told once. */
  warned: boolean;
}

function loadRetention(): number {
  try {
    return parseRetentionDays(localStorage.getItem(RETENTION_KEY));
  } catch {
    return DEFAULT_RETENTION_DAYS;
  }
}

export const useStoredDataStore = create<StoredDataState>(() => ({ retentionDays: loadRetention(), warning: null, warned: false }));

/** Sets and remembers the retention (clamped to a valid number of days); returns what was set. */
export function saveRetentionDays(days: number): number {
  const d = parseRetentionDays(days);
  useStoredDataStore.setState({ retentionDays: d });
  try {
    localStorage.setItem(RETENTION_KEY, String(d));
  } catch {
    // storage disabled: the setting lasts for this page
  }
  return d;
}

/** A write failed: tell the reader, once per page. */
export function reportWriteFailure(): void {
  if (useStoredDataStore.getState().warned) return;
  useStoredDataStore.setState({ warned: true, warning: WRITE_FAILED_MESSAGE });
}

export function dismissStorageWarning(): void {
  useStoredDataStore.setState({ warning: null });
}
