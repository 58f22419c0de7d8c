// What the benchmarks read from the browser they launched: the PSS of its renderer (the tab, its workers and
// WebAssembly memory) and GPU processes from /proc, and a poll on a page expression.
import { readFileSync, readdirSync } from 'node:fs';
import type { Page } from 'playwright-core';

function children(pid: number, all: Map<number, number[]>): number[] {
  const out: number[] = [];
  for (const c of all.get(pid) ?? []) out.push(c, ...children(c, all));
  return out;
}

function processTree(): Map<number, number[]> {
  const tree = new Map<number, number[]>();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (!tree.has(ppid)) tree.set(ppid, []);
      tree.get(ppid)!.push(Number(d));
    } catch {
      // gone
    }
  }
  return tree;
}

/** PSS (MB) summed over the Chromium renderer processes started by this process, and the GPU process's. */
export function browserMemory(): { rendererMb: number; gpuMb: number } {
  let renderer = 0;
  let gpu = 0;
  for (const pid of children(process.pid, processTree())) {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      const isRenderer = cmd.includes('--type=renderer');
      const isGpu = cmd.includes('--type=gpu-process');
      if (!isRenderer && !isGpu) continue;
      const m = /^Pss:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'));
      const mb = m ? Number(m[1]) / 1024 : 0;
      if (isRenderer) renderer += mb;
      else gpu += mb;
    } catch {
      // gone
    }
  }
  return { rendererMb: renderer, gpuMb: gpu };
}

/** Polls a page expression (source text: the app's CSP forbids the eval that waitForFunction(string) needs). */
export async function waitUntil(page: Page, expression: string, timeoutMs: number, intervalMs = 100): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await page.evaluate<boolean>(expression))) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${expression}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
