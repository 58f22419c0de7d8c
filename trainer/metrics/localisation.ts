// Heatmap localisation against radiologist boxes (NIH BBox_List_2017.csv): the pointing game (is the map's peak
// inside a box of that finding?) and the share of the map's positive energy that falls inside the boxes, each
// against a baseline that knows nothing about the image (the image centre; a uniform map, whose share is the
// boxes' area fraction). Coordinates are fractions of the image side (0..1), so the published 1024 px boxes apply to
// the 512 px images and to any square input.
import { readFileSync } from 'node:fs';
import { columnIndex, parseCsvRows } from '../data/csv';
import { wilson, type Proportion } from './operatingPoint';

/** BBox_List_2017 names "Infiltrate" what Data_Entry_2017 calls "Infiltration". */
const LABEL_ALIASES: Record<string, string> = { Infiltrate: 'Infiltration' };

export interface Box {
  imageId: string;
  label: string;
  /** Fractions of the image width/height. */
  x: number;
  y: number;
  w: number;
  h: number;
}

/** Reads BBox_List_2017.csv; `imageSide` is the side of the images the boxes were drawn on (NIH: 1024). */
export function readBoxes(path: string, imageSide = 1024): Box[] {
  const rows = parseCsvRows(readFileSync(path, 'utf8'));
  const head = rows[0] ?? [];
  const iImg = columnIndex(head, 'Image Index');
  const iLab = columnIndex(head, 'Finding Label');
  const iBox = columnIndex(head, 'Bbox [x', 'Bbox [x,y,w,h]', 'x');
  if (iImg < 0 || iLab < 0 || iBox < 0) throw new Error(`${path}: not a BBox_List_2017.csv (columns Image Index, Finding Label, Bbox [x,y,w,h])`);
  return rows.slice(1).flatMap((r) => {
    const [x, y, w, h] = [0, 1, 2, 3].map((d) => Number(r[iBox + d]));
    if (![x, y, w, h].every(Number.isFinite) || !(w! > 0) || !(h! > 0)) return [];
    const raw = (r[iLab] ?? '').trim();
    return [{ imageId: (r[iImg] ?? '').trim(), label: LABEL_ALIASES[raw] ?? raw, x: x! / imageSide, y: y! / imageSide, w: w! / imageSide, h: h! / imageSide }];
  });
}

function inBox(px: number, py: number, b: Box): boolean {
  return px >= b.x && px <= b.x + b.w && py >= b.y && py <= b.y + b.h;
}

export interface MapOnImage {
  /** Row-major width x height map over the whole (square, stretched) image; larger = more evidence. */
  map: Float32Array;
  width: number;
  height: number;
}

/** Peak position (pixel centre, as fractions) of a map; the first maximum in row order. */
export function peakOf(m: MapOnImage): { x: number; y: number } {
  let best = 0;
  for (let i = 1; i < m.map.length; i++) if (m.map[i]! > m.map[best]!) best = i;
  return { x: ((best % m.width) + 0.5) / m.width, y: (Math.floor(best / m.width) + 0.5) / m.height };
}

/** Share of the map's positive mass inside any of the boxes (pixel centres). NaN for a map with no positive mass. */
export function energyInside(m: MapOnImage, boxes: Box[]): number {
  let inside = 0;
  let total = 0;
  for (let yy = 0; yy < m.height; yy++) {
    for (let xx = 0; xx < m.width; xx++) {
      const v = Math.max(0, m.map[yy * m.width + xx]!);
      total += v;
      const px = (xx + 0.5) / m.width;
      const py = (yy + 0.5) / m.height;
      if (boxes.some((b) => inBox(px, py, b))) inside += v;
    }
  }
  return total > 0 ? inside / total : NaN;
}

export interface LocalisationCase {
  imageId: string;
  label: string;
  boxes: Box[];
  map: MapOnImage;
}

export interface LocalisationReport {
  /** Image-finding pairs (all boxes of one finding on one image form one case). */
  cases: number;
  images: number;
  pointingGame: Proportion;
  centreBaseline: Proportion;
  /** Mean share of positive map energy inside the boxes, and what a uniform map would give (mean box-area share). */
  meanEnergyInside: number;
  uniformBaseline: number;
  byLabel: Record<string, { cases: number; hits: number; centreHits: number }>;
}

export function localisation(cases: LocalisationCase[]): LocalisationReport {
  let hits = 0;
  let centreHits = 0;
  const energies: number[] = [];
  const uniform: number[] = [];
  const byLabel: LocalisationReport['byLabel'] = {};
  for (const c of cases) {
    const p = peakOf(c.map);
    const hit = c.boxes.some((b) => inBox(p.x, p.y, b));
    const centre = c.boxes.some((b) => inBox(0.5, 0.5, b));
    hits += Number(hit);
    centreHits += Number(centre);
    const e = energyInside(c.map, c.boxes);
    if (Number.isFinite(e)) energies.push(e);
    uniform.push(energyInside({ map: new Float32Array(c.map.map.length).fill(1), width: c.map.width, height: c.map.height }, c.boxes));
    const r = (byLabel[c.label] ??= { cases: 0, hits: 0, centreHits: 0 });
    r.cases++;
    r.hits += Number(hit);
    r.centreHits += Number(centre);
  }
  const mean = (v: number[]) => (v.length ? v.reduce((a, b) => a + b, 0) / v.length : NaN);
  return {
    cases: cases.length,
    images: new Set(cases.map((c) => c.imageId)).size,
    pointingGame: wilson(hits, cases.length),
    centreBaseline: wilson(centreHits, cases.length),
    meanEnergyInside: mean(energies),
    uniformBaseline: mean(uniform),
    byLabel,
  };
}

/** Groups boxes into cases (one per image and finding) for the images present in `imageIds`. */
export function boxCases(boxes: Box[], imageIds: Set<string>): { imageId: string; label: string; boxes: Box[] }[] {
  const m = new Map<string, { imageId: string; label: string; boxes: Box[] }>();
  for (const b of boxes) {
    if (!imageIds.has(b.imageId)) continue;
    const key = `${b.imageId}\n${b.label}`;
    const c = m.get(key) ?? { imageId: b.imageId, label: b.label, boxes: [] };
    c.boxes.push(b);
    m.set(key, c);
  }
  return [...m.values()];
}
