// The left panel: the study list (patients > studies > series) and the triage worklist, as two tabs. The
// worklist tab widens the panel so that its columns fit.
import { StudyList } from '../StudyList';
import { useTriageStore } from '../../triage/triageStore';
import { Worklist } from './Worklist';
import { WorklistToolbar } from './WorklistToolbar';
import './worklist.css';

export function LeftPanel() {
  const tab = useTriageStore((s) => s.panelTab);
  const setTab = useTriageStore((s) => s.setPanelTab);
  const count = useTriageStore((s) => s.displayOrder.length);
  const unreadFlagged = useTriageStore((s) => s.displayOrder.filter((k) => s.summaries[k]?.flagged && !s.read[k]).length);
  return (
    <aside className={`left-panel${tab === 'worklist' ? ' left-panel-wide' : ''}`} aria-label="Study list">
      <div className="panel-tabs" role="tablist" aria-label="Left panel">
        <button type="button" role="tab" id="tab-studies" aria-selected={tab === 'studies'} aria-controls="panel-studies" onClick={() => setTab('studies')}>
          Studies
        </button>
        <button type="button" role="tab" id="tab-worklist" aria-selected={tab === 'worklist'} aria-controls="panel-worklist" onClick={() => setTab('worklist')}>
          Worklist{count ? ` (${count})` : ''}
          {unreadFlagged > 0 && (
            <span className="tab-badge" title="Unread studies with a critical finding">
              {unreadFlagged}
            </span>
          )}
        </button>
      </div>
      {/* Both stay mounted (the study list's intake counter and thumbnails live on); the other one is hidden. */}
      <div role="tabpanel" id="panel-studies" aria-labelledby="tab-studies" className="panel-body" hidden={tab !== 'studies'}>
        <StudyList />
      </div>
      <div role="tabpanel" id="panel-worklist" aria-labelledby="tab-worklist" className="panel-body worklist-panel" hidden={tab !== 'worklist'}>
        <WorklistToolbar />
        <Worklist />
      </div>
    </aside>
  );
}
