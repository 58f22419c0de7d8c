// The PACS dialog: "Search" (form, paged results, open, score all, results stored in opened studies) and
// "Servers" (add/edit/remove, choose the active one, test the connection).
import { Dialog } from '../Dialog';
import { usePacsStore, activeServer } from '../../pacs/pacsStore';
import { PacsSearch } from './PacsSearch';
import { PacsServers } from './PacsServers';
import './pacs.css';

export function PacsDialog({ onClose }: { onClose: () => void }) {
  const tab = usePacsStore((s) => s.tab);
  usePacsStore((s) => s.activeId);
  const server = activeServer();
  // A modal (src/ui/Dialog.tsx): while it is open no key reaches the viewer's shortcuts; Escape closes it.
  return (
    <Dialog title="PACS" onClose={onClose} className="pacs-dialog">
      <div className="pacs-bar">
        <div role="tablist" aria-label="PACS views" className="pacs-tabs">
          <button role="tab" aria-selected={tab === 'search'} onClick={() => usePacsStore.getState().set({ tab: 'search' })}>
            Search
          </button>
          <button role="tab" aria-selected={tab === 'settings'} onClick={() => usePacsStore.getState().set({ tab: 'settings' })}>
            Servers
          </button>
        </div>
        <span className="pacs-active" data-testid="pacs-active-server">
          Active server: <strong>{server.name}</strong> <code>{server.baseUrl}</code>
        </span>
      </div>
      {tab === 'search' ? <PacsSearch /> : <PacsServers />}
      <p className="pacs-note">
        Images are retrieved from the PACS into this browser only; AI results are sent back only when you press “Send to PACS”. Not for diagnostic use.
      </p>
    </Dialog>
  );
}
