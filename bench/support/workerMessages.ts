// Counts the messages a page posts to its Web Workers, by kind, without any hook of the app: an init script wraps
// Worker.prototype.postMessage before the app's code runs, so the same count works for any build (the baseline too).
// A message's kind is its `type` field; Comlink calls (Cornerstone's decode workers) add the called path, so one
// display decode of a frame is `APPLY:decodeTask` and one AI scoring request is `score`.
import type { BrowserContext, Page } from 'playwright-core';

// Source text, not a function: tsx's name-keeping helpers (__name) do not exist in the page.
const INIT_SCRIPT = `(() => {
  const counts = {};
  const post = Worker.prototype.postMessage;
  Worker.prototype.postMessage = function (message, ...rest) {
    try {
      if (message && typeof message === 'object' && typeof message.type === 'string') {
        const key = Array.isArray(message.path) && message.path.length ? message.type + ':' + message.path.join('.') : message.type;
        counts[key] = (counts[key] || 0) + 1;
      }
    } catch (e) { /* never disturb the app */ }
    return post.call(this, message, ...rest);
  };
  Object.defineProperty(window, '__benchWorkerMessages', { value: counts });
})();`;

/** Installs the counter in every page of the context (call before the first navigation). */
export async function countWorkerMessages(context: BrowserContext): Promise<void> {
  await context.addInitScript({ content: INIT_SCRIPT });
}

/** Messages posted to workers so far, by kind. */
export async function workerMessages(page: Page): Promise<Record<string, number>> {
  return page.evaluate<Record<string, number>>('({ ...(window.__benchWorkerMessages || {}) })');
}

/** Display decodes (Cornerstone's decode worker) and AI score requests among the counts. */
export function decodeAndScoreCounts(counts: Record<string, number>): { displayDecodes: number; scoreRequests: number } {
  return { displayDecodes: counts['APPLY:decodeTask'] ?? 0, scoreRequests: counts['score'] ?? 0 };
}
