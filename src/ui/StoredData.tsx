// Header button "Stored data" and its dialog: what this browser keeps (results and read marks, counted), for how
// long (the reader's retention, days), and "Clear stored results and read marks" after a confirmation. What is
// on screen stays until the page is closed; nothing is written again for it (see docs/security.md).
import { useEffect, useState, type FormEvent } from 'react';
import { Dialog } from './Dialog';
import { clearStoredData, countStoredData, setRetentionDays, type StoredCounts } from '../inference/resultDb';
import { useStoredDataStore } from '../inference/storedDataStore';
import { MAX_RETENTION_DAYS, MIN_RETENTION_DAYS } from '../inference/storagePolicy';

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

function summary(c: StoredCounts): string {
  return `${plural(c.results, 'result', 'results')} and ${plural(c.reads, 'read mark', 'read marks')}`;
}

function StoredDataDialog({ onClose }: { onClose: () => void }) {
  const retention = useStoredDataStore((s) => s.retentionDays);
  const [days, setDays] = useState(String(retention));
  const [counts, setCounts] = useState<StoredCounts | null | undefined>(undefined);
  const [confirming, setConfirming] = useState(false);
  const [status, setStatus] = useState<{ state: 'idle' | 'busy' | 'done' | 'error'; text: string }>({ state: 'idle', text: '' });

  const recount = () => void countStoredData().then(setCounts);
  useEffect(recount, []);

  const saveRetention = async (e: FormEvent) => {
    e.preventDefault();
    const set = await setRetentionDays(Number(days));
    setDays(String(set));
    setStatus({ state: 'done', text: `Results and read marks are now kept ${plural(set, 'day', 'days')}; older ones were deleted.` });
    recount();
  };

  const clear = async () => {
    setConfirming(false);
    setStatus({ state: 'busy', text: 'Clearing…' });
    const before = await countStoredData();
    const ok = await clearStoredData();
    setStatus(
      ok
        ? { state: 'done', text: before ? `Deleted ${summary(before)} from this browser.` : 'Deleted everything stored in this browser.' }
        : { state: 'error', text: 'Could not clear the stored data (storage unavailable in this browser).' },
    );
    recount();
  };

  return (
    <Dialog title="Stored data" onClose={onClose} className="stored-data-dialog">
      <p className="muted">
        This browser keeps AI results and worklist read marks so that a reload or a second look does not score again. Rows are keyed by a hash with a secret of
        this browser: no patient name, ID or UID is stored.
      </p>
      <p data-testid="stored-data-counts">
        {counts === undefined
          ? 'Counting…'
          : counts === null
            ? 'Nothing can be stored in this browser (storage unavailable).'
            : `Stored now: ${summary(counts)}.`}
      </p>
      <form className="stored-data-retention" onSubmit={(e) => void saveRetention(e)} aria-label="Retention">
        <label>
          Keep results and read marks for{' '}
          <input
            type="number"
            aria-label="Days to keep stored results"
            min={MIN_RETENTION_DAYS}
            max={MAX_RETENTION_DAYS}
            step={1}
            value={days}
            onChange={(e) => setDays(e.target.value)}
            required
          />{' '}
          days
        </label>{' '}
        <button type="submit">Save</button>
      </form>
      {!confirming ? (
        <div>
          <button type="button" data-testid="clear-stored-data" onClick={() => setConfirming(true)} disabled={status.state === 'busy'}>
            Clear stored results and read marks
          </button>
        </div>
      ) : (
        <div className="stored-data-confirm" role="group" aria-label="Confirm clearing">
          <p>
            Delete every stored result and read mark in this browser? Images opened again are scored again. What is on screen stays until the page is closed.
          </p>
          <button type="button" onClick={() => void clear()}>
            Delete stored data
          </button>{' '}
          <button type="button" onClick={() => setConfirming(false)}>
            Cancel
          </button>
        </div>
      )}
      <p data-testid="stored-data-status" data-state={status.state} role={status.state === 'error' ? 'alert' : 'status'}>
        {status.text}
      </p>
    </Dialog>
  );
}

export function StoredDataButton() {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" className="btn" onClick={() => setOpen(true)} aria-haspopup="dialog">
        Stored data
      </button>
      {open && <StoredDataDialog onClose={() => setOpen(false)} />}
    </>
  );
}
