// StatRead viewer shell: header, study list / triage worklist tabs (left), viewport (centre), AI panel (right).
import { useEffect, useState } from 'react';
import { collectDropped } from './dicom/collectFiles';
import { intakeFiles } from './dicom/intakeFiles';
import { Header } from './ui/Header';
import { LeftPanel } from './ui/triage/LeftPanel';
import { startTriage } from './triage/startTriage';
import { ViewportPanel } from './ui/ViewportPanel';
import { Alerts } from './ui/Alerts';
import { StorageWarning } from './ui/StorageWarning';
import { HelpOverlay } from './ui/HelpOverlay';
import { TagBrowser } from './ui/TagBrowser';
import { handleShortcut } from './ui/shortcuts';
import { FindingsPanel } from './ui/ai/FindingsPanel';

function hasFiles(e: DragEvent): boolean {
  return Array.from(e.dataTransfer?.types ?? []).includes('Files');
}

export function App() {
  const [dragging, setDragging] = useState(false);

  useEffect(() => {
    // The worklist follows every opened study (drops, file picks, PACS: all go through intakeFiles).
    startTriage();
  }, []);

  useEffect(() => {
    let depth = 0;
    const onDragEnter = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      depth++;
      setDragging(true);
    };
    const onDragLeave = () => {
      depth = Math.max(0, depth - 1);
      if (depth === 0) setDragging(false);
    };
    const onDragOver = (e: DragEvent) => {
      e.preventDefault();
      if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy';
    };
    const onDrop = (e: DragEvent) => {
      e.preventDefault();
      depth = 0;
      setDragging(false);
      if (!e.dataTransfer) return;
      // Entries must be taken synchronously, before the event returns.
      void collectDropped(e.dataTransfer).then((files) => (files.length ? intakeFiles(files) : undefined));
    };
    const onKey = (e: KeyboardEvent) => {
      if (handleShortcut(e)) e.preventDefault();
    };
    window.addEventListener('dragenter', onDragEnter);
    window.addEventListener('dragleave', onDragLeave);
    window.addEventListener('dragover', onDragOver);
    window.addEventListener('drop', onDrop);
    window.addEventListener('keydown', onKey);
    return () => {
      window.removeEventListener('dragenter', onDragEnter);
      window.removeEventListener('dragleave', onDragLeave);
      window.removeEventListener('dragover', onDragOver);
      window.removeEventListener('drop', onDrop);
      window.removeEventListener('keydown', onKey);
    };
  }, []);

  return (
    <div className="app">
      <Header />
      <Alerts />
      <StorageWarning />
      <div className="workspace">
        <LeftPanel />
        <ViewportPanel />
        <aside id="ai-panel-slot" aria-label="AI findings">
          <FindingsPanel />
        </aside>
      </div>
      {dragging && <div className="drop-overlay">Drop DICOM files, folders or PNG/JPEG images to open them</div>}
      <HelpOverlay />
      <TagBrowser />
    </div>
  );
}
