// The keyboard shortcuts: one table drives both the key handler and the help overlay.
import { viewportController } from '../viewer/viewportController';
import { useStore } from '../store';
import { stepImage } from './navigation';
import { windowOptionsForCurrent } from './windowOptions';
import { openAdjacent, openNextUnreadFlagged } from '../triage/navigation';
import { useTriageStore } from '../triage/triageStore';
import { useScoreStore } from '../inference/scoreStore';
import { modalOpen } from './Dialog';

/** Shows the worklist tab and puts the keyboard focus on its table. */
function focusWorklist(): void {
  useTriageStore.getState().setPanelTab('worklist');
  requestAnimationFrame(() => (document.querySelector('table[aria-label="Worklist"]') as HTMLElement | null)?.focus());
}

export interface Shortcut {
  keys: string[];
  label: string;
  run: () => void;
}

const st = () => useStore.getState();

export const SHORTCUTS: Shortcut[] = [
  { keys: ['w'], label: 'Window/level tool (drag: left-right width, up-down centre)', run: () => st().setActiveTool('WindowLevel') },
  { keys: ['p'], label: 'Pan tool (middle button always pans)', run: () => st().setActiveTool('Pan') },
  { keys: ['z'], label: 'Zoom tool (right button always zooms)', run: () => st().setActiveTool('Zoom') },
  { keys: ['l'], label: 'Length tool (mm when the image has pixel spacing)', run: () => st().setActiveTool('Length') },
  { keys: ['x'], label: 'Pixel probe tool (click: stored and displayed value)', run: () => st().setActiveTool('Probe') },
  { keys: ['+', '='], label: 'Zoom in', run: () => viewportController.zoomBy(1.25) },
  { keys: ['-'], label: 'Zoom out', run: () => viewportController.zoomBy(0.8) },
  { keys: ['f'], label: 'Fit image to viewport', run: () => viewportController.fit() },
  { keys: ['i'], label: 'Invert greyscale', run: () => viewportController.invert() },
  { keys: ['r'], label: 'Rotate 90° clockwise', run: () => viewportController.rotate(90) },
  { keys: ['R'], label: 'Rotate 90° counter-clockwise', run: () => viewportController.rotate(-90) },
  { keys: ['h'], label: 'Flip horizontally', run: () => viewportController.flipHorizontal() },
  { keys: ['v'], label: 'Flip vertically', run: () => viewportController.flipVertical() },
  { keys: ['0'], label: 'Reset view (window, zoom, pan, rotation, flips, invert)', run: () => void viewportController.reset() },
  { keys: ['ArrowLeft', 'ArrowRight'], label: 'Pan left / right', run: () => undefined },
  { keys: ['[', ']'], label: 'Narrow / widen the window', run: () => undefined },
  { keys: [',', '.'], label: 'Lower / raise the window centre', run: () => undefined },
  { keys: ['1-9'], label: 'Window preset n (from the file: centre/width pairs, then VOI LUTs)', run: () => undefined },
  { keys: ['ArrowDown', 'ArrowUp'], label: 'Next / previous image in the series (also mouse wheel)', run: () => undefined },
  { keys: ['a'], label: 'Show / hide corner annotations', run: () => st().toggleAnnotations() },
  // Worklist (src/ui/triage): J/K/N act from anywhere; inside the focused worklist ↓/↑/J/K only move the
  // selection (Enter opens), and ↓/↑ there no longer step images.
  { keys: ['W'], label: 'Show the worklist and focus it (Shift+W)', run: () => focusWorklist() },
  { keys: ['j', 'k'], label: 'Worklist: open the next / previous study (in the focused worklist: ↓/↑ or J/K move, Enter opens)', run: () => undefined },
  { keys: ['n'], label: 'Worklist: open the next unread flagged study', run: () => void openNextUnreadFlagged() },
  { keys: ['H'], label: 'Show / hide the AI heatmap (Shift+H)', run: () => useScoreStore.getState().toggleHeatmap() },
  { keys: ['t'], label: 'DICOM tag browser', run: () => st().setTagBrowserOpen(true) },
  { keys: ['?'], label: 'This help', run: () => st().setHelpOpen(true) },
  // Handled by the dialog itself (src/ui/Dialog.tsx); listed here so the help shows it.
  { keys: ['Escape'], label: 'Close dialog', run: () => undefined },
];

function isTyping(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el) return false;
  const tag = el.tagName;
  if (tag === 'INPUT') {
    const type = (el as HTMLInputElement).type;
    return !['file', 'checkbox', 'radio', 'button', 'submit', 'reset', 'range', 'color'].includes(type);
  }
  return tag === 'TEXTAREA' || tag === 'SELECT' || el.isContentEditable;
}

/**
 * Letter keys are matched by the letter plus Shift, so Caps Lock changes nothing (with it on, e.key is 'W'
 * without Shift); on a non-Latin layout the physical key (KeyboardEvent.code) gives the letter.
 */
function keyOf(e: KeyboardEvent): string {
  const latin = /^[a-z]$/i.test(e.key) ? e.key.toUpperCase() : null;
  const letter = latin ?? (/^\p{L}$/u.test(e.key) ? (/^Key([A-Z])$/.exec(e.code ?? '')?.[1] ?? null) : null);
  if (!letter) return e.key;
  return e.shiftKey ? letter : letter.toLowerCase();
}

export function handleShortcut(e: KeyboardEvent): boolean {
  if (e.ctrlKey || e.metaKey || e.altKey) return false;
  // A modal dialog (help, tags, PACS, stored data) takes the keyboard; it closes itself on Escape.
  if (modalOpen() || isTyping(e.target)) return false;
  const s = st();
  const key = keyOf(e);
  switch (key) {
    case 'ArrowDown':
    case 'PageDown':
      stepImage(1);
      return true;
    case 'ArrowUp':
    case 'PageUp':
      stepImage(-1);
      return true;
    case 'ArrowLeft':
      viewportController.pan(-20, 0);
      return true;
    case 'ArrowRight':
      viewportController.pan(20, 0);
      return true;
    case '[':
      viewportController.nudgeWindow(0, 0.8);
      return true;
    case ']':
      viewportController.nudgeWindow(0, 1.25);
      return true;
    case ',':
      viewportController.nudgeWindow(-0.05, 1);
      return true;
    case '.':
      viewportController.nudgeWindow(0.05, 1);
      return true;
    case 'j':
      openAdjacent(1);
      return true;
    case 'k':
      openAdjacent(-1);
      return true;
  }
  if (/^[1-9]$/.test(key)) {
    const opt = windowOptionsForCurrent()[Number(key) - 1];
    if (opt) s.setVoiChoice(opt.choice);
    return true;
  }
  const sc = SHORTCUTS.find((x) => x.keys.includes(key));
  if (!sc) return false;
  sc.run();
  return true;
}
