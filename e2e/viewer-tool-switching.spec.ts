// Every tool choice takes effect at once for the left button: for each ordered pair of mouse tools, a left drag
// after choosing the second tool has that tool's effect only (W/L: window; Pan: camera; Zoom: zoom; Length: one
// more measurement, drawn where the drag started; Probe: a new read-out). Tools are chosen by button and by key in
// turn; Reset keeps the chosen tool; letter keys ignore Caps Lock. Each pair gets a fresh copy of the chest CR.
import { test, expect, type Locator } from '@playwright/test';
import { basename } from 'node:path';
import { NO_AI, StatReadPage } from './support/statreadPage';
import { writeCrCopies } from './support/crCopies';
import { missingDataReason } from '../test-support/sharedData';

const TOOLS = [
  { label: 'W/L', key: 'w' },
  { label: 'Pan', key: 'p' },
  { label: 'Zoom', key: 'z' },
  { label: 'Length', key: 'l' },
  { label: 'Probe', key: 'x' },
] as const;
type Tool = (typeof TOOLS)[number];
type Effect = Tool['label'];

const PAIRS = TOOLS.flatMap((a) => TOOLS.filter((b) => b !== a).map((b) => [a, b] as const));
const DRAG = { dx: 60, dy: 50 };

interface Snapshot {
  windowCenter: number | null;
  windowWidth: number | null;
  zoom: number;
  pan: [number, number];
  measurements: number;
  probe: string | null;
}

async function snapshot(app: StatReadPage): Promise<Snapshot> {
  const i = await app.imageInfo();
  return { windowCenter: i.windowCenter, windowWidth: i.windowWidth, zoom: i.zoom, pan: i.pan, measurements: i.measurements, probe: await app.probeText() };
}

/** What changed between two snapshots, named by the tool that makes such a change. */
function effects(a: Snapshot, b: Snapshot): Effect[] {
  const out: Effect[] = [];
  if (a.windowCenter !== b.windowCenter || a.windowWidth !== b.windowWidth) out.push('W/L');
  // Pan is in canvas pixels at the current zoom: divided by the zoom, a zoom about the centre leaves it alone.
  if (Math.hypot(b.pan[0] / b.zoom - a.pan[0] / a.zoom, b.pan[1] / b.zoom - a.pan[1] / a.zoom) > 1) out.push('Pan');
  if (Math.abs(b.zoom / a.zoom - 1) > 0.01) out.push('Zoom');
  if (b.measurements !== a.measurements) out.push('Length');
  if (b.probe !== a.probe) out.push('Probe');
  return out;
}

/** Page point of the canvas centre (zooming there leaves the pan alone). */
async function canvasCentre(canvas: Locator): Promise<{ x: number; y: number }> {
  const box = (await canvas.boundingBox())!;
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

/** The drawn Length lines, as canvas points relative to the page. */
async function lengthLines(app: StatReadPage): Promise<number[][]> {
  const svg = app.viewport.locator('svg').first();
  const box = (await svg.boundingBox())!;
  const lines = await app.viewport.locator('svg line').evaluateAll((ls) => ls.map((l) => ['x1', 'y1', 'x2', 'y2'].map((a) => Number(l.getAttribute(a)))));
  return lines.map(([x1, y1, x2, y2]) => [x1 + box.x, y1 + box.y, x2 + box.x, y2 + box.y]);
}

/** One left drag with the current tool from `from`; checks that it had exactly the effect of `tool`. */
async function dragExpecting(app: StatReadPage, tool: Tool, from: { x: number; y: number }): Promise<void> {
  const before = await snapshot(app);
  await app.dragLeft(from, DRAG.dx, DRAG.dy);
  await expect.poll(async () => effects(before, await snapshot(app)), { message: `a left drag with ${tool.label}` }).toEqual([tool.label]);
  if (tool.label === 'Length') {
    // The new line runs from where this drag started to where it ended (not from an earlier click).
    const near = (l: number[]) => Math.hypot(l[0] - from.x, l[1] - from.y) < 4 && Math.hypot(l[2] - from.x - DRAG.dx, l[3] - from.y - DRAG.dy) < 4;
    await expect.poll(async () => (await lengthLines(app)).some(near), { message: 'a Length line from the drag start' }).toBe(true);
  }
}

test.beforeEach(() => {
  const reason = missingDataReason('dicom-cxr');
  test.skip(!!reason, reason ?? '');
});

test('after any tool, a left drag with the newly chosen tool does only what that tool does', async ({ page }) => {
  test.setTimeout(300_000);
  const names = [...PAIRS.map((_, i) => `tools-pair-${i}.dcm`), 'tools-reset.dcm', 'tools-caps.dcm'];
  const files = writeCrCopies(names);
  const app = await StatReadPage.open(page, NO_AI);
  await app.openFiles(files);
  const canvas = app.viewport.locator('canvas').first();
  const show = async (name: string) => {
    await app.showFile(name);
    await app.waitForReady(name);
  };

  for (const [i, [a, b]] of PAIRS.entries()) {
    const viaA = i % 2 ? 'key' : 'button';
    const viaB = i % 2 ? 'button' : 'key';
    await test.step(`${a.label} (${viaA}) then ${b.label} (${viaB})`, async () => {
      await show(basename(files[i]));
      const c = await canvasCentre(canvas);
      await app.chooseTool(a.label, a.key, viaA);
      // Zoom works about the pointer: from the centre it leaves the pan alone, so a stray pan would show.
      await dragExpecting(app, a, a.label === 'Zoom' ? c : { x: c.x - 160, y: c.y - 130 });
      await app.chooseTool(b.label, b.key, viaB);
      await dragExpecting(app, b, c);
    });
  }

  await test.step('Reset keeps the chosen tool', async () => {
    await show('tools-reset.dcm');
    const c = await canvasCentre(canvas);
    for (const [a, b] of [
      [TOOLS[1], TOOLS[0]],
      [TOOLS[2], TOOLS[3]],
    ] as const) {
      await app.chooseTool(a.label, a.key, 'key');
      await dragExpecting(app, a, a.label === 'Zoom' ? c : { x: c.x - 160, y: c.y - 130 });
      await app.chooseTool(b.label, b.key, 'button');
      await app.rerenderAfter(() => page.getByRole('toolbar', { name: 'Viewer tools' }).getByRole('button', { name: 'Reset', exact: true }).click());
      await expect(app.toolButton(b.label)).toHaveAttribute('aria-pressed', 'true');
      await dragExpecting(app, b, { x: c.x + (b === TOOLS[3] ? -100 : 0), y: c.y + 60 });
    }
  });

  await test.step('Caps Lock on (upper-case letters without Shift) chooses the same tools', async () => {
    await show('tools-caps.dcm');
    const c = await canvasCentre(canvas);
    for (const [k, t] of [TOOLS[2], TOOLS[1], TOOLS[3], TOOLS[0], TOOLS[4]].entries()) {
      await app.shortcut(t.key.toUpperCase());
      await expect(app.toolButton(t.label)).toHaveAttribute('aria-pressed', 'true');
      await app.rerenderAfter(() => page.getByRole('toolbar', { name: 'Viewer tools' }).getByRole('button', { name: 'Reset', exact: true }).click());
      await dragExpecting(app, t, t.label === 'Zoom' ? c : { x: c.x - 150 + k * 20, y: c.y - 150 + k * 40 });
    }
    // Caps Lock W chose W/L above, not the worklist (Shift+W).
    await expect(page.locator('table[aria-label="Worklist"]')).not.toBeFocused();
  });
});
