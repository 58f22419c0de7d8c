// Drives a long session for the memory guarantee (docs/security.md): open a batch of files, wait until the first is
// rendered, close everything, repeat; every few batches force a garbage collection and read the page's JS
// heap through CDP (Performance.getMetrics JSHeapUsedSize after HeapProfiler.collectGarbage), its DOM
// counters, and what the app still holds (window.__statreadResources). Shared by e2e/hardening-memory.spec.ts
// and bench/long-session.bench.ts.
import type { CDPSession, Page } from 'playwright-core';

import type { OpenResources } from '../../src/dicom/releaseImages';

export type { OpenResources };

export interface Sample {
  /** Images opened (and closed) so far. */
  opened: number;
  heapUsedMB: number;
  heapTotalMB: number;
  /** ArrayBuffer backing stores (decoded pixels, file bytes live here, outside the JS heap). */
  arrayBuffersMB: number;
  nodes: number;
  listeners: number;
  resources: OpenResources;
}

export interface LongSessionOptions {
  /** Files of one batch (opened together with "Open files"). */
  batch: string[];
  /** Images in one batch (a multi-frame file counts its frames). */
  imagesPerBatch: number;
  /** Total images to open and close. */
  total: number;
  /** Sample every this many batches (always after the first and the last). */
  sampleEveryBatches: number;
  log?: (line: string) => void;
  /** Control run: never close (shows what the measurement sees when memory is kept). */
  keepOpen?: boolean;
}

interface ResourceWindow {
  __statreadResources?: () => OpenResources;
}

const MB = 1024 * 1024;

export async function sample(page: Page, cdp: CDPSession, opened: number): Promise<Sample> {
  // Two collections: the first can leave objects that were only freed by finalizers.
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
  const { metrics } = await cdp.send('Performance.getMetrics');
  const m = (name: string) => metrics.find((x) => x.name === name)?.value ?? 0;
  const usage = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number; backingStorageSize?: number };
  const dom = await cdp.send('Memory.getDOMCounters');
  const resources = await page.evaluate(() => (window as unknown as ResourceWindow).__statreadResources!());
  return {
    opened,
    heapUsedMB: m('JSHeapUsedSize') / MB,
    heapTotalMB: m('JSHeapTotalSize') / MB,
    arrayBuffersMB: (usage.backingStorageSize ?? NaN) / MB,
    nodes: dom.nodes,
    listeners: dom.jsEventListeners,
    resources,
  };
}

async function attr(page: Page, name: string): Promise<number> {
  return Number((await page.getByTestId('study-list').getAttribute(name)) ?? 0);
}

async function waitAttr(page: Page, name: string, value: number, timeout = 120_000): Promise<void> {
  await page.waitForFunction(
    ([n, v]) => Number(document.querySelector('[data-testid="study-list"]')?.getAttribute(n as string) ?? 0) >= (v as number),
    [name, value] as const,
    { timeout },
  );
}

/** Opens and closes `total` images in batches; returns the samples. The page must show the empty app. */
export async function runLongSession(page: Page, opts: LongSessionOptions): Promise<Sample[]> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const samples: Sample[] = [];
  const batches = Math.ceil(opts.total / opts.imagesPerBatch);
  const input = page.getByLabel('Open files', { exact: true });
  let opened = 0;
  for (let b = 0; b < batches; b++) {
    const runs = await attr(page, 'data-intake-runs');
    await input.setInputFiles(opts.batch);
    await waitAttr(page, 'data-intake-runs', runs + 1);
    // The first image of the batch opens by itself: wait until it is on screen.
    await page.waitForFunction(() => document.querySelector('[data-testid="viewport"]')?.getAttribute('data-state') === 'ready', undefined, {
      timeout: 120_000,
    });
    opened += opts.imagesPerBatch;
    if (!opts.keepOpen) {
      const closes = await attr(page, 'data-close-runs');
      await page.getByRole('button', { name: 'Close all' }).click();
      await waitAttr(page, 'data-close-runs', closes + 1);
      await page.waitForFunction(() => document.querySelector('[data-testid="viewport"]')?.getAttribute('data-state') === 'empty');
    }
    if (b === 0 || b === batches - 1 || (b + 1) % opts.sampleEveryBatches === 0) {
      const s = await sample(page, cdp, opened);
      samples.push(s);
      opts.log?.(
        `${s.opened} images: heap ${s.heapUsedMB.toFixed(1)} MB used / ${s.heapTotalMB.toFixed(1)} MB, array buffers ${s.arrayBuffersMB.toFixed(1)} MB, ${s.nodes} DOM nodes, ${s.listeners} listeners, held: ${JSON.stringify(s.resources)}`,
      );
    }
  }
  await cdp.detach();
  return samples;
}
