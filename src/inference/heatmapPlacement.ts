// Where the heatmap square lies on the image: the model saw the image fitted to a square (preprocessing.fit),
// so the CAM covers that square, in image pixel coordinates (x right, y down, corners at pixel edges).
import type { PreprocessSpec } from '../model/manifest';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export function heatmapRectInImage(columns: number, rows: number, fit: PreprocessSpec['fit']): Rect {
  if (fit === 'stretch' || columns === rows) return { x: 0, y: 0, width: columns, height: rows };
  if (fit === 'pad') {
    const side = Math.max(columns, rows);
    return { x: 0 - Math.floor((side - columns) / 2), y: 0 - Math.floor((side - rows) / 2), width: side, height: side };
  }
  const side = Math.min(columns, rows);
  return { x: Math.floor((columns - side) / 2), y: Math.floor((rows - side) / 2), width: side, height: side };
}

/**
 * The 2-D affine transform (canvas 2D setTransform order a,b,c,d,e,f) that maps heatmap pixel (u,v) in
 * [0,w]x[0,h] onto the canvas, given where three image points land on the canvas.
 */
export function affineFromCorners(
  w: number,
  h: number,
  topLeft: [number, number],
  topRight: [number, number],
  bottomLeft: [number, number],
): [number, number, number, number, number, number] {
  return [
    (topRight[0] - topLeft[0]) / w,
    (topRight[1] - topLeft[1]) / w,
    (bottomLeft[0] - topLeft[0]) / h,
    (bottomLeft[1] - topLeft[1]) / h,
    topLeft[0],
    topLeft[1],
  ];
}
