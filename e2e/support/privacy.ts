// Privacy checks for end-to-end tests: record every request a page, its workers and its service
// worker make, and every console line, and say which left the allowed origins or named the patient.
//
// Requests are seen three ways, so one blind spot does not hide a leak:
// - Playwright's context 'request' events (pages, their dedicated workers, and service workers);
// - the page's own CDP Network domain (Network.requestWillBeSent), independent of Playwright's routing;
// - WebSockets (page 'websocket' and CDP Network.webSocketCreated), which are not requests.
// data:, blob: and about: URLs never reach a network and are listed apart.
//
// The allowed list is the page's own origin plus what a spec adds: the PACS specs add the DICOMweb server
// they configured (`allowedOrigins(baseURL, pacsOrigin)`), or set STATREAD_ALLOWED_ORIGINS (space-separated).
import type { BrowserContext, CDPSession, ConsoleMessage, Page } from '@playwright/test';

export interface RecordedRequest {
  url: string;
  method: string;
  /** 'context' (a page or its workers) | 'service-worker' | 'cdp-page' | 'websocket' */
  via: string;
  resourceType: string;
}

const LOCAL_SCHEMES = /^(data|blob|about|chrome|chrome-extension|devtools):/i;

/** Origins a session may contact: the page's own, any given, and STATREAD_ALLOWED_ORIGINS. */
export function allowedOrigins(pageUrl: string, ...extra: string[]): string[] {
  const env = (process.env.STATREAD_ALLOWED_ORIGINS ?? '').split(/\s+/).filter(Boolean);
  return [...new Set([new URL(pageUrl).origin, ...extra.map((o) => new URL(o).origin), ...env.map((o) => new URL(o).origin)])];
}

export function isLocalUrl(url: string): boolean {
  return LOCAL_SCHEMES.test(url);
}

/** Requests to any origin not in `allowed` (local data:/blob: URLs excluded). */
export function foreignRequests(requests: RecordedRequest[], allowed: string[]): RecordedRequest[] {
  return requests.filter((r) => {
    if (isLocalUrl(r.url)) return false;
    try {
      return !allowed.includes(new URL(r.url).origin);
    } catch {
      return true;
    }
  });
}

export class RequestRecorder {
  readonly requests: RecordedRequest[] = [];
  readonly console: string[] = [];
  private sessions: CDPSession[] = [];

  /** Starts recording for the context and this page (call before the page navigates). */
  static async attach(context: BrowserContext, page: Page): Promise<RequestRecorder> {
    const r = new RequestRecorder();
    context.on('request', (req) => {
      const via = req.serviceWorker() ? 'service-worker' : 'context';
      r.requests.push({ url: req.url(), method: req.method(), via, resourceType: req.resourceType() });
    });
    page.on('websocket', (ws) => r.requests.push({ url: ws.url(), method: 'GET', via: 'websocket', resourceType: 'websocket' }));
    page.on('console', (m: ConsoleMessage) => r.console.push(m.text()));
    page.on('pageerror', (e) => r.console.push(`${e.name}: ${e.message}\n${e.stack ?? ''}`));
    page.on('worker', (w) => w.on('console', (m: ConsoleMessage) => r.console.push(m.text())));
    await r.attachCdp(page);
    return r;
  }

  private async attachCdp(page: Page): Promise<void> {
    const cdp = await page.context().newCDPSession(page);
    this.sessions.push(cdp);
    const record = (via: string) => (e: { request: { url: string; method: string }; type?: string }) =>
      this.requests.push({ url: e.request.url, method: e.request.method, via, resourceType: e.type ?? '' });
    cdp.on('Network.requestWillBeSent', record('cdp-page'));
    cdp.on('Network.webSocketCreated', (e: { url: string }) => this.requests.push({ url: e.url, method: 'GET', via: 'cdp-page', resourceType: 'websocket' }));
    await cdp.send('Network.enable');
  }

  /** Every distinct URL requested, for reporting. */
  urls(): string[] {
    return [...new Set(this.requests.map((r) => r.url))];
  }

  /** Console lines (page, workers, uncaught errors) that contain any of the needles (case-insensitive). */
  consoleMentioning(needles: string[]): string[] {
    const lower = needles.map((n) => n.toLowerCase());
    return this.console.filter((line) => lower.some((n) => line.toLowerCase().includes(n)));
  }

  async detach(): Promise<void> {
    for (const s of this.sessions) await s.detach().catch(() => undefined);
  }
}
