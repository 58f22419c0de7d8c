// Page object for the AI panel (its public contract): ai-status data-state, the "Findings" table, backend, heatmap.
// Builds on StatReadPage (e2e/support/statreadPage.ts). Waits on data-state attributes, never on sleeps.
import { existsSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { expect, type Locator, type Page } from '@playwright/test';
import { StatReadPage, type HookWindow } from './statreadPage';
import { ensureFixtureModel } from './aiFixtureModel';
import { REPO_ROOT } from '../../test-support/sharedData';
import type { AiTestSnapshot } from '../../src/ui/ai/aiTestHooks';

export type AiState = 'idle' | 'loading-model' | 'scoring' | 'done' | 'not-scored' | 'error';

export const SHIPPED_INDEX = join(REPO_ROOT, 'public', 'models', 'index.json');
// Not under test-results/: Playwright empties that folder at the start of every run.
export const FIXTURE_ROOT = join(REPO_ROOT, '.cache', 'ai-fixture-models');

/**
 * True when the trained default model is complete in the repo (index.json and its default model's manifest and
 * weights). STATREAD_AI_FIXTURE=1 forces the fixture (e.g. while a new model is being trained).
 */
export function hasShippedModel(): boolean {
  if (process.env.STATREAD_AI_FIXTURE === '1' || !existsSync(SHIPPED_INDEX)) return false;
  try {
    const index = JSON.parse(readFileSync(SHIPPED_INDEX, 'utf8')) as { default: string; models: { id: string; path: string }[] };
    const entry = index.models.find((m) => m.id === index.default);
    if (!entry) return false;
    const dir = join(REPO_ROOT, 'public', 'models', entry.path);
    return existsSync(join(dir, 'manifest.json')) && existsSync(join(dir, 'model.json'));
  } catch {
    return false;
  }
}

/** Folder holding index.json + model folders that the tests' app loads (shipped model, else the fixture). */
export async function modelRoot(): Promise<string> {
  return hasShippedModel() ? join(REPO_ROOT, 'public', 'models') : ensureFixtureModel(FIXTURE_ROOT);
}

const TYPES: Record<string, string> = { '.json': 'application/json', '.bin': 'application/octet-stream', '.md': 'text/markdown' };

/**
 * Serves models/ to the page from the model folder (the repo's public/models, else the fixture), so the tests
 * run against the model in the working tree whatever the build holds. `onRequest` sees every model file request
 * (returning false fails it as if offline).
 */
export async function routeModels(page: Page, onRequest?: (path: string) => boolean | void): Promise<void> {
  const root = await modelRoot();
  await page.route(/\/models\/.*/, async (route) => {
    const url = new URL(route.request().url());
    const rel = decodeURIComponent(url.pathname.replace(/^.*?\/models\//, ''));
    if (onRequest?.(rel) === false) return route.abort('internetdisconnected');
    const file = join(root, rel);
    if (!existsSync(file)) return route.fulfill({ status: 404, body: 'not found' });
    return route.fulfill({ status: 200, body: readFileSync(file), headers: { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' } });
  });
}

export interface AiWindow extends HookWindow {
  __statreadAi?: { snapshot(): AiTestSnapshot };
}

/**
 * Opens a file and brings it on screen: its own series item when the list names it (PNG/JPEG), else steps
 * through the active series (DICOM files sharing UIDs land in one series).
 */
export async function openAndShow(app: StatReadPage, file: string, timeout = 90_000): Promise<string> {
  const name = file.split('/').pop()!;
  await app.openFiles([file]);
  await expect
    .poll(
      async () => {
        if ((await app.viewport.getAttribute('data-state')) === 'ready' && (await app.viewport.getAttribute('data-file-name')) === name) return true;
        const item = app.seriesItems.filter({ hasText: name });
        if ((await item.count()) > 0) await item.first().click();
        else if ((await app.viewport.getAttribute('data-state')) === 'ready') await app.shortcut('ArrowDown');
        return false;
      },
      { timeout, intervals: [250, 500, 1000] },
    )
    .toBe(true);
  return name;
}

export class AiPanel {
  constructor(readonly page: Page) {}

  /** Opens the app (optionally with ?backend=) with the model routed, and returns the viewer and AI page objects. */
  static async open(
    page: Page,
    opts: { backend?: string; onModelRequest?: (path: string) => boolean | void } = {},
  ): Promise<{ app: StatReadPage; ai: AiPanel }> {
    await routeModels(page, opts.onModelRequest);
    await page.goto(opts.backend ? `./?backend=${opts.backend}` : './');
    await page.waitForFunction(() => !!(window as unknown as AiWindow).__statread && !!(window as unknown as AiWindow).__statreadAi);
    const app = new StatReadPage(page);
    await expect(app.viewport).toHaveAttribute('data-state', 'empty');
    return { app, ai: new AiPanel(page) };
  }

  get status(): Locator {
    return this.page.getByTestId('ai-status');
  }
  get findings(): Locator {
    return this.page.getByRole('table', { name: 'Findings' });
  }
  get rows(): Locator {
    return this.findings.locator('tbody tr');
  }
  get flaggedRows(): Locator {
    return this.findings.locator('tbody tr[data-critical="true"]');
  }
  get backend(): Locator {
    return this.page.getByTestId('backend');
  }
  get heatmap(): Locator {
    return this.page.getByTestId('heatmap');
  }
  get scoreAnywayButton(): Locator {
    return this.page.getByRole('button', { name: 'Score anyway' });
  }
  get scoredAnywayNote(): Locator {
    return this.page.getByTestId('scored-anyway');
  }

  /** Shows another finding's heatmap (a second CAM request to the worker), then turns it off and on with Shift+H. */
  async switchAndToggleHeatmap(app: StatReadPage): Promise<void> {
    const other = this.rows.nth(1);
    const finding = await other.getAttribute('data-finding');
    await other.click();
    await expect(this.heatmap).toHaveAttribute('data-finding', finding!);
    await app.shortcut('Shift+H');
    await expect(this.heatmap).toHaveAttribute('data-visible', 'false');
    await app.shortcut('Shift+H');
    await expect(this.heatmap).toHaveAttribute('data-visible', 'true');
  }

  async waitForState(state: AiState, timeout = 120_000): Promise<void> {
    await expect(this.status).toHaveAttribute('data-state', state, { timeout });
  }

  /** Waits until the model is loaded and idle (backend settled). */
  async waitForModel(timeout = 300_000): Promise<void> {
    await expect(this.backend).not.toHaveText('…', { timeout });
  }

  /** Waits until scoring of `fileName` settled in one of the given states. */
  async waitForResult(fileName: string, states: AiState[] = ['done', 'not-scored'], timeout = 180_000): Promise<AiTestSnapshot> {
    await this.page.waitForFunction(
      ([f, st]) => {
        const s = (window as unknown as AiWindow).__statreadAi!.snapshot();
        return (st as string[]).includes(s.state) && (s.fileName === f || s.state === 'error');
      },
      [fileName, states] as const,
      { timeout },
    );
    return this.snapshot();
  }

  async snapshot(): Promise<AiTestSnapshot> {
    return this.page.evaluate(() => (window as unknown as AiWindow).__statreadAi!.snapshot());
  }

  /** Probabilities as the table rows carry them (data-probability, full precision), by finding name (first cell). */
  async tableProbabilities(): Promise<Record<string, number>> {
    return this.rows.evaluateAll((rows) =>
      Object.fromEntries(rows.map((r) => [(r as HTMLElement).dataset.finding!, Number((r as HTMLElement).dataset.probability)])),
    );
  }

  /**
   * Bounding box (device px, in the heatmap canvas) of drawn pixels: alpha > 0, or with `hot` the hottest part
   * (alpha >= 80% of the maximum). null when nothing is drawn.
   */
  async heatmapBox(
    hot = false,
  ): Promise<{ x0: number; y0: number; x1: number; y1: number; count: number; width: number; height: number; maxAlpha: number } | null> {
    return this.heatmap.evaluate((c, hotOnly) => {
      const canvas = c as HTMLCanvasElement;
      const ctx = canvas.getContext('2d')!;
      const d = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
      let maxAlpha = 0;
      for (let i = 3; i < d.length; i += 4) if (d[i] > maxAlpha) maxAlpha = d[i];
      const level = hotOnly ? Math.max(1, Math.floor(maxAlpha * 0.8)) : 1;
      let x0 = Infinity,
        y0 = Infinity,
        x1 = -Infinity,
        y1 = -Infinity,
        count = 0;
      for (let y = 0; y < canvas.height; y++)
        for (let x = 0; x < canvas.width; x++)
          if (d[(y * canvas.width + x) * 4 + 3] >= level) {
            count++;
            if (x < x0) x0 = x;
            if (x > x1) x1 = x;
            if (y < y0) y0 = y;
            if (y > y1) y1 = y;
          }
      return count ? { x0, y0, x1, y1, count, width: canvas.width, height: canvas.height, maxAlpha } : null;
    }, hot);
  }

  /** Bounding box of the image as rendered by Cornerstone (pixels brighter than `level` on the viewport canvas). */
  async imageBox(level = 8): Promise<{ x0: number; y0: number; x1: number; y1: number; width: number; height: number } | null> {
    return this.page.evaluate((lvl) => {
      const src = (window as unknown as AiWindow).__statread!.getRenderedCanvas()!;
      const c = document.createElement('canvas');
      c.width = src.width;
      c.height = src.height;
      const ctx = c.getContext('2d', { willReadFrequently: true })!;
      ctx.drawImage(src, 0, 0);
      const d = ctx.getImageData(0, 0, c.width, c.height).data;
      let x0 = Infinity,
        y0 = Infinity,
        x1 = -Infinity,
        y1 = -Infinity;
      for (let y = 0; y < c.height; y++)
        for (let x = 0; x < c.width; x++) {
          const i = (y * c.width + x) * 4;
          if (Math.max(d[i], d[i + 1], d[i + 2]) > lvl) {
            if (x < x0) x0 = x;
            if (x > x1) x1 = x;
            if (y < y0) y0 = y;
            if (y > y1) y1 = y;
          }
        }
      return Number.isFinite(x0) ? { x0, y0, x1, y1, width: c.width, height: c.height } : null;
    }, level);
  }
}
