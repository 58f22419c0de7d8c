// Top bar: product name, open buttons (the file inputs carry the accessible names), PACS, stored data, disclaimer.
import { useRef } from 'react';
import { collectInput } from '../dicom/collectFiles';
import { intakeFiles } from '../dicom/intakeFiles';
import { useStore } from '../store';
import { PacsButton } from './pacs/PacsButton';
import { StoredDataButton } from './StoredData';

export function Header() {
  const filesRef = useRef<HTMLInputElement>(null);
  const folderRef = useRef<HTMLInputElement>(null);
  const busy = useStore((s) => s.intakeBusy);
  const onPick = (input: HTMLInputElement | null) => {
    if (!input) return;
    const picked = collectInput(input.files);
    input.value = '';
    if (picked.length) void intakeFiles(picked);
  };
  return (
    <header className="app-header">
      <h1 className="brand">
        Stat<span>Read</span>
      </h1>
      <div className="open-buttons">
        <label className="btn">
          Open files
          <input ref={filesRef} type="file" multiple aria-label="Open files" className="visually-hidden" onChange={() => onPick(filesRef.current)} />
        </label>
        <label className="btn">
          Open folder
          <input
            ref={(el) => {
              folderRef.current = el;
              if (el) {
                el.setAttribute('webkitdirectory', '');
                el.setAttribute('directory', '');
              }
            }}
            type="file"
            multiple
            aria-label="Open folder"
            className="visually-hidden"
            onChange={() => onPick(folderRef.current)}
          />
        </label>
        <PacsButton />
        <StoredDataButton />
        {busy && (
          <span className="busy" aria-live="polite">
            Reading files…
          </span>
        )}
      </div>
      <p className="disclaimer" role="note">
        Not for diagnostic use
      </p>
    </header>
  );
}
