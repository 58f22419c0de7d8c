// ROC curve points and an SVG writer (self-contained, no external fonts or scripts).
import { splitByLabel } from './auc';
import type { BinaryData } from './auc';

export interface RocPoint {
  fpr: number;
  tpr: number;
  threshold: number;
}

/** Points from (0,0) to (1,1), one per distinct score (ties move diagonally). */
export function rocCurve(data: BinaryData): RocPoint[] {
  const { pos, neg } = splitByLabel(data);
  const items = [...pos.map((s) => [s, 1] as const), ...neg.map((s) => [s, 0] as const)].sort((a, b) => b[0] - a[0]);
  const pts: RocPoint[] = [{ fpr: 0, tpr: 0, threshold: Infinity }];
  let tp = 0;
  let fp = 0;
  let i = 0;
  while (i < items.length) {
    const t = items[i][0];
    while (i < items.length && items[i][0] === t) {
      if (items[i][1] === 1) tp++;
      else fp++;
      i++;
    }
    pts.push({ fpr: neg.length ? fp / neg.length : 0, tpr: pos.length ? tp / pos.length : 0, threshold: t });
  }
  return pts;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export interface RocSeries {
  name: string;
  points: RocPoint[];
  auc: number;
  ci95?: [number, number];
  /** Marked on the curve when given. */
  operatingPoint?: { fpr: number; tpr: number };
}

const COLOURS = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#17becf', '#8c564b', '#e377c2'];

export function rocSvg(series: RocSeries[], title: string, size = 360): string {
  const pad = 48;
  const w = size + pad + 16;
  const legendH = 18 * series.length;
  const h = size + pad + 24 + legendH;
  const x = (f: number) => Math.round((pad + f * size) * 100) / 100;
  const y = (t: number) => Math.round((16 + (1 - t) * size) * 100) / 100;
  const parts: string[] = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}" font-family="sans-serif" font-size="11">`);
  parts.push(`<title>${esc(title)}</title>`);
  parts.push(`<rect x="${x(0)}" y="${y(1)}" width="${size}" height="${size}" fill="white" stroke="#333"/>`);
  for (let g = 1; g < 10; g++) {
    const v = g / 10;
    parts.push(
      `<line x1="${x(v)}" y1="${y(0)}" x2="${x(v)}" y2="${y(1)}" stroke="#eee"/><line x1="${x(0)}" y1="${y(v)}" x2="${x(1)}" y2="${y(v)}" stroke="#eee"/>`,
    );
  }
  for (const v of [0, 0.5, 1]) {
    parts.push(`<text x="${x(v)}" y="${y(0) + 14}" text-anchor="middle">${v}</text><text x="${x(0) - 6}" y="${y(v) + 4}" text-anchor="end">${v}</text>`);
  }
  parts.push(`<text x="${x(0.5)}" y="${y(0) + 30}" text-anchor="middle">1 - specificity (false positive rate)</text>`);
  parts.push(`<text transform="translate(12 ${y(0.5)}) rotate(-90)" text-anchor="middle">sensitivity</text>`);
  parts.push(`<line x1="${x(0)}" y1="${y(0)}" x2="${x(1)}" y2="${y(1)}" stroke="#999" stroke-dasharray="4 4"/>`);
  series.forEach((s, k) => {
    const c = COLOURS[k % COLOURS.length];
    const d = s.points.map((p, i) => `${i ? 'L' : 'M'}${x(p.fpr).toFixed(2)} ${y(p.tpr).toFixed(2)}`).join(' ');
    parts.push(`<path d="${d}" fill="none" stroke="${c}" stroke-width="2"/>`);
    if (s.operatingPoint) parts.push(`<circle cx="${x(s.operatingPoint.fpr)}" cy="${y(s.operatingPoint.tpr)}" r="4" fill="${c}"/>`);
    const ci = s.ci95 && Number.isFinite(s.ci95[0]) ? ` (95% CI ${s.ci95[0].toFixed(3)}-${s.ci95[1].toFixed(3)})` : '';
    const auc = Number.isFinite(s.auc) ? s.auc.toFixed(3) : 'n/a';
    parts.push(`<text x="${pad}" y="${size + pad + 28 + 18 * k}" fill="${c}">${esc(s.name)}: AUC ${auc}${ci}</text>`);
  });
  parts.push('</svg>');
  return parts.join('\n');
}
