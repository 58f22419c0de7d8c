// The one notice of a page whose results or read marks could not be saved (quota, storage disabled or blocked):
// non-blocking, dismissable, shown at most once per page (src/inference/storedDataStore.ts).
import { dismissStorageWarning, useStoredDataStore } from '../inference/storedDataStore';

export function StorageWarning() {
  const warning = useStoredDataStore((s) => s.warning);
  if (!warning) return null;
  return (
    <div className="storage-warning" role="status" data-testid="storage-warning">
      {warning}
      <button className="alert-close" onClick={dismissStorageWarning} aria-label="Dismiss storage notice">
        ×
      </button>
    </div>
  );
}
