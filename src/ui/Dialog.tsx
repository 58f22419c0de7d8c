// A modal dialog (role="dialog", labelled by its title, closed by Escape or the close button). While one is open
// the viewer's keyboard shortcuts are off (handleShortcut asks modalOpen()), wherever the focus is: typing, Tab
// and the dialog's own keys keep working. Escape closes the topmost dialog only.
import { useEffect, useId, useRef, type ReactNode } from 'react';

const open: symbol[] = [];

/** True while any modal dialog is open. */
export const modalOpen = (): boolean => open.length > 0;

export function Dialog({ title, onClose, children, className = '' }: { title: string; onClose: () => void; children: ReactNode; className?: string }) {
  const id = useId();
  const ref = useRef<HTMLDivElement>(null);
  const close = useRef(onClose);
  useEffect(() => {
    close.current = onClose;
  }, [onClose]);
  useEffect(() => {
    const me = Symbol(title);
    open.push(me);
    if (!ref.current?.contains(document.activeElement)) ref.current?.querySelector<HTMLElement>('input, select')?.focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape' || open[open.length - 1] !== me) return;
      e.preventDefault();
      close.current();
    };
    window.addEventListener('keydown', onKey);
    return () => {
      open.splice(open.indexOf(me), 1);
      window.removeEventListener('keydown', onKey);
    };
    // One registration per mounted dialog; the title only names the entry.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  return (
    <div className="dialog-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div ref={ref} role="dialog" aria-modal="true" aria-labelledby={id} className={`dialog ${className}`}>
        <div className="dialog-head">
          <h2 id={id}>{title}</h2>
          <button className="dialog-close" aria-label="Close" onClick={onClose}>
            ×
          </button>
        </div>
        {children}
      </div>
    </div>
  );
}
