// Heatmap colours: the map marks where the evidence is, it does not tint the film. Values below EVIDENCE_FLOOR are
// fully transparent; above it the alpha rises with the value (a square ramp, so only the strongest part is nearly
// opaque) and the colour goes from yellow to red; an outline (contourSegments) is drawn at CONTOUR_LEVEL. The map is
// min-max normalised (its strongest point is 1 whatever the probability: the table gives the strength, the map
// the place), so the floor keeps most of the lung clear on every film. Used by the viewport overlay and by the
// secondary capture sent to a PACS (src/pacs/aiSc.ts).

/** Map values at or below this are not drawn. */
export const EVIDENCE_FLOOR = 0.6;
/** The outline's level: it encloses the strongest evidence. */
export const CONTOUR_LEVEL = 0.8;

const STOPS: [number, number, number, number][] = [
  [0.0, 255, 224, 90],
  [0.5, 255, 150, 30],
  [1.0, 220, 30, 30],
];

/**
 * 0 at or below `floor`, rising to 1 at the map's maximum (t² with t the position between floor and 1): faint just
 * above the floor, so the map has no visible edge there, nearly opaque only at its strongest.
 */
export function evidenceAlpha(v: number, floor = EVIDENCE_FLOOR): number {
  if (!(v > floor)) return 0;
  const t = aboveFloor(v, floor);
  return t * t;
}

/** Where v lies between the floor (0) and the map's maximum (1), clamped. */
function aboveFloor(v: number, floor: number): number {
  return Math.min(1, Math.max(0, (v - floor) / (1 - floor)));
}

/** Colour of a map value above the floor: yellow just above it, orange, red at the maximum. */
export function evidenceColour(v: number, floor = EVIDENCE_FLOOR): [number, number, number] {
  const x = aboveFloor(v, floor);
  for (let i = 1; i < STOPS.length; i++) {
    const [p1, r1, g1, b1] = STOPS[i];
    if (x <= p1) {
      const [p0, r0, g0, b0] = STOPS[i - 1];
      const t = (x - p0) / (p1 - p0);
      return [r0 + (r1 - r0) * t, g0 + (g1 - g0) * t, b0 + (b1 - b0) * t];
    }
  }
  const last = STOPS[STOPS.length - 1];
  return [last[1], last[2], last[3]];
}

/** RGBA pixels for a [0,1] map: transparent at or below `floor`, alpha and colour rising with the value above it. */
export function evidenceRgba(data: Float32Array, floor = EVIDENCE_FLOOR): Uint8ClampedArray<ArrayBuffer> {
  const out = new Uint8ClampedArray(new ArrayBuffer(data.length * 4));
  for (let i = 0; i < data.length; i++) {
    const a = evidenceAlpha(data[i], floor);
    if (a === 0) continue;
    const [r, g, b] = evidenceColour(data[i], floor);
    out[i * 4] = r;
    out[i * 4 + 1] = g;
    out[i * 4 + 2] = b;
    out[i * 4 + 3] = Math.round(255 * a);
  }
  return out;
}

/**
 * The iso-line of a row-major `width` x `height` map at `level` (marching squares with linear interpolation), as
 * line segments x0,y0,x1,y1 in map pixel units (pixel (i,j) has its centre at (i+0.5, j+0.5), so the segments lie
 * where the map is drawn at its own size). Outside the map counts as 0, so regions touching the border are closed
 * half a pixel outside it. Saddle cells are resolved by the cell's mean.
 */
export function contourSegments(data: ArrayLike<number>, width: number, height: number, level: number): Float32Array {
  const at = (i: number, j: number) => (i < 0 || j < 0 || i >= width || j >= height ? 0 : data[j * width + i]);
  const out: number[] = [];
  // Where the level crosses the edge between two corners (a at p, b at q).
  const cross = (pa: [number, number], va: number, pb: [number, number], vb: number): [number, number] => {
    const t = va === vb ? 0.5 : (level - va) / (vb - va);
    return [pa[0] + (pb[0] - pa[0]) * t, pa[1] + (pb[1] - pa[1]) * t];
  };
  for (let j = -1; j < height; j++) {
    for (let i = -1; i < width; i++) {
      const v0 = at(i, j); // top-left
      const v1 = at(i + 1, j); // top-right
      const v2 = at(i + 1, j + 1); // bottom-right
      const v3 = at(i, j + 1); // bottom-left
      const c = (v0 >= level ? 1 : 0) | (v1 >= level ? 2 : 0) | (v2 >= level ? 4 : 0) | (v3 >= level ? 8 : 0);
      if (c === 0 || c === 15) continue;
      const p0: [number, number] = [i + 0.5, j + 0.5];
      const p1: [number, number] = [i + 1.5, j + 0.5];
      const p2: [number, number] = [i + 1.5, j + 1.5];
      const p3: [number, number] = [i + 0.5, j + 1.5];
      const top = () => cross(p0, v0, p1, v1);
      const right = () => cross(p1, v1, p2, v2);
      const bottom = () => cross(p3, v3, p2, v2);
      const left = () => cross(p0, v0, p3, v3);
      const seg = (a: [number, number], b: [number, number]) => out.push(a[0], a[1], b[0], b[1]);
      switch (c) {
        case 1:
        case 14:
          seg(left(), top());
          break;
        case 2:
        case 13:
          seg(top(), right());
          break;
        case 3:
        case 12:
          seg(left(), right());
          break;
        case 4:
        case 11:
          seg(right(), bottom());
          break;
        case 6:
        case 9:
          seg(top(), bottom());
          break;
        case 7:
        case 8:
          seg(left(), bottom());
          break;
        case 5:
        case 10: {
          // Saddle: corners 0 and 2 on one side, 1 and 3 on the other; the mean says whether the middle joins 0-2.
          const joined = (v0 + v1 + v2 + v3) / 4 >= level === (c === 5);
          if (joined) {
            seg(left(), bottom());
            seg(top(), right());
          } else {
            seg(left(), top());
            seg(right(), bottom());
          }
          break;
        }
      }
    }
  }
  return new Float32Array(out);
}
