// Header button that opens the PACS dialog (search, open, score all, server settings).
import { usePacsStore } from '../../pacs/pacsStore';
import { PacsDialog } from './PacsDialog';

export function PacsButton() {
  const open = usePacsStore((s) => s.open);
  const running = usePacsStore((s) => s.scoreAll?.running ?? false);
  return (
    <>
      <button type="button" className="btn pacs-button" onClick={() => usePacsStore.getState().set({ open: true })} aria-haspopup="dialog">
        PACS{running ? ' …' : ''}
      </button>
      {open && <PacsDialog onClose={() => usePacsStore.getState().set({ open: false })} />}
    </>
  );
}
