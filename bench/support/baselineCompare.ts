// The before/after table: each before/after benchmark writes its rows (raw samples of the baseline build and the
// current build, measured in the same run) to bench/out/compare/<bench>.json, and the one Markdown section
// bench/out/baseline-compare.md is rebuilt from every such file, so that the drop-to-findings and triage rows stand
// in one table whichever benchmark ran last (scripts/bench.sh then copies the section into BENCHMARKS.md).
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../../test-support/sharedData';

export type Unit = 'ms' | 'per-min' | 'MB' | 'count';

export interface CompareRow {
  measure: string;
  unit: Unit;
  /** Which direction is an improvement. */
  better: 'lower' | 'higher';
  /** The samples, or why there are none (e.g. "not scored: ..."). */
  baseline: number[] | string;
  current: number[] | string;
}

export interface CompareSection {
  /** File key, e.g. "drop-to-findings". */
  bench: string;
  command: string;
  started: string;
  /** Baseline revision: short hash and subject. */
  baseline: string;
  machine: string;
  notes: string[];
  rows: CompareRow[];
}

const OUT = join(REPO_ROOT, 'bench', 'out');
const DIR = join(OUT, 'compare');
export const COMPARE_MD = join(OUT, 'baseline-compare.md');

export const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

function fmt(v: number, unit: Unit): string {
  switch (unit) {
    case 'ms':
      return v >= 10_000 ? `${(v / 1000).toFixed(1)} s` : `${v.toFixed(0)} ms`;
    case 'per-min':
      return `${v.toFixed(0)}/min`;
    case 'MB':
      return `${v.toFixed(0)} MB`;
    case 'count':
      return Number.isInteger(v) ? String(v) : v.toFixed(1);
  }
}

function cell(samples: number[] | string, unit: Unit): string {
  if (typeof samples === 'string') return samples;
  if (samples.length === 0) return 'n/a';
  const med = `**${fmt(median(samples), unit)}**`;
  const lo = Math.min(...samples);
  const hi = Math.max(...samples);
  if (samples.length === 1 || lo === hi) return med;
  return `${med} (${fmt(lo, unit)} to ${fmt(hi, unit)})`;
}

/** Change of the current median against the baseline's, with a word saying whether that is better. */
export function change(row: CompareRow): string {
  if (typeof row.baseline === 'string' || typeof row.current === 'string' || !row.baseline.length || !row.current.length) return 'n/a';
  const b = median(row.baseline);
  const c = median(row.current);
  if (b === c) return '0 % (same)';
  if (b === 0) return 'n/a';
  const pct = ((c - b) / b) * 100;
  const improved = row.better === 'lower' ? c < b : c > b;
  const word = row.unit === 'ms' ? (improved ? 'faster' : 'SLOWER') : row.unit === 'per-min' ? (improved ? 'faster' : 'SLOWER') : improved ? 'better' : 'worse';
  return `${pct > 0 ? '+' : '−'}${Math.abs(pct).toFixed(1)} % (${word})`;
}

function runs(row: CompareRow): string {
  const n = (s: number[] | string) => (typeof s === 'string' ? '–' : String(s.length));
  return `${n(row.baseline)} + ${n(row.current)}`;
}

/** Writes this benchmark's rows and rebuilds the combined section from every benchmark's rows. */
export function writeCompareSection(section: CompareSection): string {
  mkdirSync(DIR, { recursive: true });
  writeFileSync(join(DIR, `${section.bench}.json`), JSON.stringify(section, null, 2));
  const sections = readdirSync(DIR)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => JSON.parse(readFileSync(join(DIR, f), 'utf8')) as CompareSection);
  const lines = [
    '## Before and after the one-engine redesign (baseline build and current build in the same run)',
    '',
    "Both production builds (test hooks on) are served side by side and measured in one run, alternating baseline and current run by run so that the machine's load hits both alike. Cells: median of the samples (min to max); change: current median against the baseline median. Times: lower is better; studies/min: higher is better.",
    '',
    '| measure | baseline | current | change | samples (baseline + current) |',
    '| --- | --- | --- | --- | --- |',
    ...sections.flatMap((s) => s.rows.map((r) => `| ${r.measure} | ${cell(r.baseline, r.unit)} | ${cell(r.current, r.unit)} | ${change(r)} | ${runs(r)} |`)),
    '',
    ...sections.flatMap((s) => [
      `**${s.bench}**: \`${s.command}\`; run ${s.started}; baseline ${s.baseline}.`,
      `Machine: ${s.machine}`,
      ...s.notes.map((n) => `- ${n}`),
      '',
    ]),
  ];
  const md = lines.join('\n');
  writeFileSync(COMPARE_MD, md);
  return md;
}
