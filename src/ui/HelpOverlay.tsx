// Keyboard shortcut help, opened with "?".
import { SHORTCUTS } from './shortcuts';
import { useStore } from '../store';
import { Dialog } from './Dialog';

const KEY_NAMES: Record<string, string> = {
  ArrowDown: '↓',
  ArrowUp: '↑',
  ArrowLeft: '←',
  ArrowRight: '→',
  Escape: 'Esc',
  R: 'Shift+R',
  H: 'Shift+H',
  W: 'Shift+W',
  j: 'J',
  k: 'K',
  n: 'N',
};

export function HelpOverlay() {
  const open = useStore((s) => s.helpOpen);
  const setOpen = useStore((s) => s.setHelpOpen);
  if (!open) return null;
  return (
    <Dialog title="Keyboard shortcuts" onClose={() => setOpen(false)} className="help-dialog">
      <table className="shortcut-table">
        <tbody>
          {SHORTCUTS.map((s) => (
            <tr key={s.label}>
              <td>
                {s.keys.map((k) => (
                  <kbd key={k}>{KEY_NAMES[k] ?? k}</kbd>
                ))}
              </td>
              <td>{s.label}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted">Mouse: left button uses the chosen tool, middle button pans, right button zooms, wheel steps through a series.</p>
      <p className="muted">Letter keys work the same with Caps Lock on; only Shift changes them.</p>
    </Dialog>
  );
}
