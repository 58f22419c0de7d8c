// Backend choice and model caching. With no ?backend=, the app starts on wasm and times each backend once in
// the background, keeping the fastest: on this machine the WebGPU adapter is SwiftShader (software), and wasm wins. The pick is remembered for the
// device and model version, and a second visit loads the model with the network cut off (IndexedDB model,
// Cache Storage for index.json and manifest.json).
import { test, expect } from '@playwright/test';
import { AiPanel, openAndShow } from './support/aiPanel';
import { dataPath, missingDataReason } from '../test-support/sharedData';

test.describe('AI backend choice and model cache', () => {
  test.describe.configure({ timeout: 600_000 });

  test('auto-pick times the backends once, picks wasm on SwiftShader, remembers it; a second visit needs no network', async ({ page }) => {
    const skip = missingDataReason('cxr-fullres');
    test.skip(skip !== null, skip ?? '');
    const adapter = await (async () => {
      await page.goto('./');
      return page.evaluate(async () => {
        const gpu = (
          navigator as unknown as { gpu?: { requestAdapter(): Promise<{ info?: { architecture?: string; vendor?: string; description?: string } } | null> } }
        ).gpu;
        const a = await gpu?.requestAdapter();
        return a?.info ? `${a.info.vendor} ${a.info.architecture} ${a.info.description}` : 'none';
      });
    })();
    test.info().annotations.push({ type: 'adapter', description: adapter });

    let offline = false;
    const requests: string[] = [];
    await page.unrouteAll();
    const { app, ai } = await AiPanel.open(page, {
      onModelRequest: (p) => {
        requests.push(p);
        return !offline;
      },
    });
    await ai.waitForModel(120_000);
    // First visit: wasm at once (provisional), the other backends are timed in the background once idle.
    await expect(ai.backend).toHaveText('wasm');
    const first = await ai.snapshot();
    expect(first.backendHow).toBe('default');
    expect(first.model!.source).toBe('network');
    expect(requests.some((r) => r.endsWith('model.json'))).toBe(true);
    expect(requests.some((r) => r.endsWith('.bin'))).toBe(true);
    const name = await openAndShow(app, dataPath('cxr-fullres', '00000050_000.png'));
    const scored = await ai.waitForResult(name);
    expect(scored.state).toBe('done');
    await page.waitForFunction(
      () => (window as unknown as { __statreadAi: { snapshot(): { backendHow: string | null } } }).__statreadAi.snapshot().backendHow === 'timed',
      undefined,
      { timeout: 400_000 },
    );
    await expect(ai.backend).toHaveText('wasm');
    const why = (await ai.backend.getAttribute('title')) ?? '';
    test.info().annotations.push({ type: 'auto-pick', description: why });
    if (/swiftshader/i.test(adapter)) expect(why).toMatch(/software WebGPU adapter/);
    expect(why).toMatch(/wasm \d/);
    expect(why).toMatch(/webgl/);

    // Second visit: every request under models/ fails, as if offline.
    offline = true;
    requests.length = 0;
    await page.reload();
    await page.waitForFunction(() => !!(window as unknown as { __statreadAi?: unknown }).__statreadAi);
    await ai.waitForModel(120_000);
    await expect(ai.backend).toHaveText('wasm');
    const second = await ai.snapshot();
    expect(second.backendHow).toBe('remembered');
    expect(second.model!.source).toBe('cache');
    expect(requests.filter((r) => r.endsWith('.bin') || r.endsWith('model.json'))).toEqual([]);
    const name2 = await openAndShow(app, dataPath('cxr-fullres', '00000050_000.png'));
    const again = await ai.waitForResult(name2);
    expect(again.state).toBe('done');
    // The cached model is the same model: same probabilities as on the first visit.
    for (const [k, v] of Object.entries(scored.probabilities)) expect(Math.abs(again.probabilities[k] - v)).toBeLessThan(1e-6);
  });
});
