// Page object for the StatRead viewer. Stable API used by viewer, conformance and benchmark suites:
// waits on data-state / render counters, never on sleeps.
import { readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { expect, type Locator, type Page } from '@playwright/test';
import type { DecodedPixels, ImageInfo, StatReadTestHooks } from '../../src/testing/viewerTestHooks';

export interface RenderedPixels {
  width: number;
  height: number;
  /** RGBA, row-major, as drawn on the on-screen canvas (device pixels). */
  data: Uint8Array;
}

// The hook types are the app's own (type-only import: nothing from src/ runs in Node).
export type { DecodedPixels, ImageInfo } from '../../src/testing/viewerTestHooks';
/** The hooks the app installs on window (src/testing/viewerTestHooks.ts; test builds only). */
export type StatReadHooks = StatReadTestHooks;
export interface HookWindow {
  __statread?: StatReadHooks;
}

export type ViewportState = 'empty' | 'loading' | 'ready' | 'error';

export interface OpenOptions {
  /** false: the app without its AI (`?ai=off`). */
  ai?: boolean;
}

/** For specs that test the viewer only: no model load, no scoring. */
export const NO_AI: OpenOptions = { ai: false };

export class StatReadPage {
  constructor(readonly page: Page) {}

  /**
   * Opens the app and waits until the test hooks are installed. Scoring runs on wasm (`?backend=wasm`): a fresh
   * browser profile would otherwise time every backend in the background after 3 s idle, WebGPU and WebGL on
   * SwiftShader included, which loads the two CPUs during viewer tests that do not look at the AI. The backend
   * choice itself is tested in e2e/ai-backend.spec.ts. `{ ai: false }` opens it with `?ai=off` (no model, no
   * scoring): for viewer and conformance specs that never look at the AI, so the CI's two CPUs go to what they test.
   */
  static async open(page: Page, opts: OpenOptions = {}): Promise<StatReadPage> {
    await page.goto(opts.ai === false ? './?backend=wasm&ai=off' : './?backend=wasm');
    await page.waitForFunction(() => !!(window as unknown as HookWindow).__statread);
    const app = new StatReadPage(page);
    await expect(app.viewport).toHaveAttribute('data-state', 'empty');
    return app;
  }

  /**
   * The app in `page` with nothing open: a page that already runs it is cleared with Close all (and must come back
   * to an empty viewport); anything else (a new page, a crashed one) is opened afresh.
   */
  static async openOrReset(page: Page, opts: OpenOptions = {}): Promise<StatReadPage> {
    const running = await page.evaluate(() => !!(window as unknown as HookWindow).__statread).catch(() => false);
    if (!running) return StatReadPage.open(page, opts);
    const app = new StatReadPage(page);
    const closeAll = page.getByRole('button', { name: 'Close all' });
    if (await closeAll.count()) await closeAll.click();
    await expect(app.viewport).toHaveAttribute('data-state', 'empty');
    await expect(app.studyList.getByRole('region')).toHaveCount(0);
    return app;
  }

  get viewport(): Locator {
    return this.page.getByTestId('viewport');
  }

  get studyList(): Locator {
    return this.page.getByTestId('study-list');
  }

  get seriesItems(): Locator {
    return this.page.getByTestId('series-item');
  }

  get skippedItems(): Locator {
    return this.page.getByTestId('skipped-item');
  }

  alerts(): Locator {
    return this.page.getByRole('alert');
  }

  async alertTexts(): Promise<string[]> {
    return this.alerts().allInnerTexts();
  }

  get openFilesInput(): Locator {
    return this.page.getByLabel('Open files', { exact: true });
  }

  get openFolderInput(): Locator {
    return this.page.getByLabel('Open folder', { exact: true });
  }

  /** Completed intake runs (each drop or file pick is one run). */
  async intakeRuns(): Promise<number> {
    return Number((await this.studyList.getAttribute('data-intake-runs')) ?? 0);
  }

  /** Runs an action that opens files and waits until all of them have been read and listed. */
  async afterIntake(action: () => Promise<void>): Promise<void> {
    const before = await this.intakeRuns();
    await action();
    await expect(this.studyList).toHaveAttribute('data-intake-runs', String(before + 1), { timeout: 120_000 });
  }

  /** Opens files with the "Open files" input; resolves when every file has been read and listed. */
  async openFiles(paths: string[]): Promise<void> {
    await this.afterIntake(() => this.openFilesInput.setInputFiles(paths));
  }

  /** Uses the "Open folder" (webkitdirectory) input with a directory: Chromium walks it recursively. */
  async openFolder(dir: string): Promise<void> {
    await this.afterIntake(() => this.openFolderInput.setInputFiles(dir));
  }

  /** Synthesises a drag-and-drop of files onto the page body; resolves when all have been listed. */
  async dropFiles(paths: string[]): Promise<void> {
    await this.afterIntake(async () => {
      await this.dispatchDrop(paths);
    });
  }

  /**
   * The bare drop (no waiting), e.g. for timing drop-to-first-pixel. Resolves with the page's performance.now()
   * just before the drop event was dispatched.
   */
  async dispatchDrop(paths: string[]): Promise<number> {
    const files = paths.map((p) => {
      if (!statSync(p).isFile()) throw new Error(`dropFiles takes files, not folders: ${p}`);
      return { name: basename(p), base64: readFileSync(p).toString('base64') };
    });
    return this.page.evaluate((list) => {
      const dt = new DataTransfer();
      for (const f of list) {
        const bin = atob(f.base64);
        const bytes = new Uint8Array(bin.length);
        for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
        dt.items.add(new File([bytes], f.name));
      }
      const opts = { bubbles: true, cancelable: true, dataTransfer: dt };
      document.body.dispatchEvent(new DragEvent('dragenter', opts));
      document.body.dispatchEvent(new DragEvent('dragover', opts));
      const at = performance.now();
      document.body.dispatchEvent(new DragEvent('drop', opts));
      return at;
    }, files);
  }

  async state(): Promise<ViewportState> {
    return (await this.viewport.getAttribute('data-state')) as ViewportState;
  }

  /** Waits until the viewport shows a rendered image (optionally: this file). */
  async waitForReady(fileName?: string, timeout = 60_000): Promise<void> {
    await expect(this.viewport).toHaveAttribute('data-state', 'ready', { timeout });
    if (fileName) await expect(this.viewport).toHaveAttribute('data-file-name', fileName, { timeout });
  }

  async waitForState(state: ViewportState, timeout = 60_000): Promise<void> {
    await expect(this.viewport).toHaveAttribute('data-state', state, { timeout });
  }

  /** Number of IMAGE_RENDERED events so far; pair with waitForRenderAfter to wait for a re-render. */
  async renderCount(): Promise<number> {
    return this.page.evaluate(() => (window as unknown as HookWindow).__statread!.renderCount());
  }

  async waitForRenderAfter(count: number): Promise<void> {
    await this.page.waitForFunction((c) => (window as unknown as HookWindow).__statread!.renderCount() > c, count);
  }

  /** Runs an action and waits for the viewport to render again. */
  async rerenderAfter(action: () => Promise<void>): Promise<void> {
    const before = await this.renderCount();
    await action();
    await this.waitForRenderAfter(before);
  }

  async selectSeries(index: number): Promise<void> {
    await this.seriesItems.nth(index).click();
  }

  async selectSeriesByText(text: string | RegExp): Promise<void> {
    await this.seriesItems.filter({ hasText: text }).first().click();
  }

  /**
   * Shows the image opened from this file name (several files can share one series, e.g. the same CT
   * in every transfer syntax) and waits until it has been rendered or has failed.
   */
  async showFile(fileName: string, frame = 0): Promise<void> {
    const ok = await this.page.evaluate(([f, n]) => (window as unknown as HookWindow).__statread!.showFile(f as string, n as number), [
      fileName,
      frame,
    ] as const);
    if (!ok) throw new Error(`no opened image from file ${fileName} (frame ${frame})`);
    await expect(this.viewport).toHaveAttribute('data-file-name', fileName, { timeout: 60_000 });
  }

  /** Opens files and shows the given one (default: the first path) once it is ready. */
  async openAndShow(paths: string[], fileName?: string): Promise<void> {
    const name = fileName ?? basename(paths[0]);
    await this.openFiles(paths);
    await this.showFile(name);
    await this.waitForReady(name);
  }

  /** Presses a viewer keyboard shortcut (focus is moved off any text field first). */
  async shortcut(key: string): Promise<void> {
    await this.page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await this.page.keyboard.press(key);
  }

  /** A mouse-tool button in the toolbar ("W/L", "Pan", "Zoom", "Length", "Probe"). */
  toolButton(label: string): Locator {
    return this.page.getByRole('group', { name: 'Mouse tool' }).getByRole('button', { name: label, exact: true });
  }

  /** Chooses a mouse tool by its toolbar button or by its key, and checks that the toolbar shows it. */
  async chooseTool(label: string, key: string, via: 'button' | 'key'): Promise<void> {
    if (via === 'button') await this.toolButton(label).click();
    else await this.shortcut(key);
    await expect(this.toolButton(label)).toHaveAttribute('aria-pressed', 'true');
  }

  /** Drags with the left mouse button from a page point by (dx, dy) in small steps. */
  async dragLeft(from: { x: number; y: number }, dx: number, dy: number): Promise<void> {
    await this.page.mouse.move(from.x, from.y);
    await this.page.mouse.down({ button: 'left' });
    await this.page.mouse.move(from.x + dx, from.y + dy, { steps: 8 });
    await this.page.mouse.up({ button: 'left' });
  }

  /** The pixel probe's read-out text, or null when none is shown. */
  async probeText(): Promise<string | null> {
    const readout = this.page.getByTestId('probe-readout');
    return (await readout.count()) ? readout.innerText() : null;
  }

  async decodedPixels(): Promise<DecodedPixels | null> {
    return this.page.evaluate(() => (window as unknown as HookWindow).__statread!.getDecodedPixels());
  }

  async imageInfo(): Promise<ImageInfo> {
    return this.page.evaluate(() => (window as unknown as HookWindow).__statread!.getImageInfo());
  }

  /** RGBA pixels of the on-screen canvas the user sees (transferred as base64, decoded here). */
  async renderedPixels(): Promise<RenderedPixels> {
    const r = await this.page.evaluate(() => {
      const src = (window as unknown as HookWindow).__statread!.getRenderedCanvas();
      if (!src) throw new Error('no rendered canvas');
      const c = document.createElement('canvas');
      c.width = src.width;
      c.height = src.height;
      const ctx = c.getContext('2d', { willReadFrequently: true })!;
      ctx.drawImage(src, 0, 0);
      const d = ctx.getImageData(0, 0, c.width, c.height).data;
      let bin = '';
      for (let i = 0; i < d.length; i += 0x8000) bin += String.fromCharCode(...d.subarray(i, i + 0x8000));
      return { width: c.width, height: c.height, base64: btoa(bin) };
    });
    return { width: r.width, height: r.height, data: new Uint8Array(Buffer.from(r.base64, 'base64')) };
  }

  /** Cheap fingerprint of the rendered canvas (to assert that an action changed what is shown). */
  async renderedHash(): Promise<string> {
    return this.page.evaluate(async () => {
      const src = (window as unknown as HookWindow).__statread!.getRenderedCanvas()!;
      const c = document.createElement('canvas');
      c.width = src.width;
      c.height = src.height;
      const ctx = c.getContext('2d', { willReadFrequently: true })!;
      ctx.drawImage(src, 0, 0);
      const d = ctx.getImageData(0, 0, c.width, c.height).data;
      const digest = await crypto.subtle.digest('SHA-256', d);
      return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
    });
  }
}

export async function open(page: Page): Promise<StatReadPage> {
  return StatReadPage.open(page);
}
