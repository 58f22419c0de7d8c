// Collects Content-Security-Policy violations from every context of a page: the document
// (securitypolicyviolation events, installed before any app script runs), its dedicated workers (the same
// event in the worker's global scope, hooked as each worker starts) and the browser's own "Refused to ..."
// console reports (which also name violations in workers). Used by the hardening specs.
import type { BrowserContext, ConsoleMessage, Page, Worker } from '@playwright/test';

export interface CspViolation {
  where: 'document' | 'worker' | 'console';
  directive: string;
  blocked: string;
  source: string;
  text: string;
}

interface ViolationWindow {
  __cspViolations?: Omit<CspViolation, 'where'>[];
}

const CSP_CONSOLE = /Content Security Policy|Refused to (load|execute|connect|compile|evaluate|create|apply|frame)/i;

export class CspWatch {
  readonly console: CspViolation[] = [];
  readonly workers: CspViolation[] = [];
  readonly workerUrls: string[] = [];

  static async attach(context: BrowserContext): Promise<CspWatch> {
    const w = new CspWatch();
    // Service workers: their console (where the browser reports their violations) does not reach the page's.
    context.on('serviceworker', (sw: Worker) => {
      w.workerUrls.push(sw.url());
      sw.on('console', (m: ConsoleMessage) => {
        if (CSP_CONSOLE.test(m.text())) w.workers.push({ where: 'worker', directive: '', blocked: '', source: sw.url(), text: m.text() });
      });
    });
    await context.addInitScript(() => {
      const list: unknown[] = [];
      (window as unknown as { __cspViolations: unknown[] }).__cspViolations = list;
      document.addEventListener('securitypolicyviolation', (e) => {
        list.push({ directive: e.effectiveDirective, blocked: e.blockedURI, source: `${e.sourceFile}:${e.lineNumber}`, text: e.sample });
      });
    });
    return w;
  }

  /** Hooks a page's console and its workers (call before the page navigates). */
  watch(page: Page): void {
    page.on('console', (m: ConsoleMessage) => {
      const text = m.text();
      if (text.startsWith('[csp-worker] ')) {
        this.workers.push({ where: 'worker', ...(JSON.parse(text.slice(13)) as Omit<CspViolation, 'where'>) });
      } else if (CSP_CONSOLE.test(text)) {
        this.console.push({ where: 'console', directive: '', blocked: '', source: m.location().url, text });
      }
    });
    page.on('worker', (worker: Worker) => {
      this.workerUrls.push(worker.url());
      worker
        .evaluate(() => {
          self.addEventListener('securitypolicyviolation', (e) => {
            const ev = e as SecurityPolicyViolationEvent;
            console.error(
              `[csp-worker] ${JSON.stringify({ directive: ev.effectiveDirective, blocked: ev.blockedURI, source: `${ev.sourceFile}:${ev.lineNumber}`, text: ev.sample })}`,
            );
          });
        })
        .catch(() => undefined); // the worker may already be gone (the backend timing terminates workers)
    });
  }

  async documentViolations(page: Page): Promise<CspViolation[]> {
    const list = await page.evaluate(() => (window as unknown as ViolationWindow).__cspViolations ?? []);
    return list.map((v) => ({ where: 'document' as const, ...v }));
  }

  async all(page: Page): Promise<CspViolation[]> {
    return [...(await this.documentViolations(page)), ...this.workers, ...this.console];
  }
}
