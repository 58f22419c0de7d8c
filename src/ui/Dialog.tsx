// A modal dialog (role="dialog", labelled by its title, closed by Escape or the close button).
import { useId, type ReactNode } from 'react';

export function Dialog({ title, onClose, children, className = '' }: { title: string; onClose: () => void; children: ReactNode; className?: string }) {
  const id = useId();
  return (
    <div className="dialog-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div role="dialog" aria-modal="true" aria-labelledby={id} className={`dialog ${className}`}>
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
