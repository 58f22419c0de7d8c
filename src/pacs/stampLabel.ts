// Burns a visible "AI output, not for diagnostic use" banner into the secondary capture (browser only: drawn
// with a 2-D canvas), so that any PACS viewer shows what the image is. It carries no patient detail.
import type { RgbImage } from './aiSc';

export const SC_BANNER = 'STATREAD AI OUTPUT - NOT FOR DIAGNOSTIC USE';

export function stampLabel(img: RgbImage, text = SC_BANNER): RgbImage {
  if (typeof OffscreenCanvas === 'undefined') return img;
  const { width: w, height: h } = img;
  const canvas = new OffscreenCanvas(w, h);
  const ctx = canvas.getContext('2d');
  if (!ctx) return img;
  const rgba = new Uint8ClampedArray(w * h * 4);
  for (let i = 0, j = 0; i < img.data.length; i += 3, j += 4) {
    rgba[j] = img.data[i];
    rgba[j + 1] = img.data[i + 1];
    rgba[j + 2] = img.data[i + 2];
    rgba[j + 3] = 255;
  }
  ctx.putImageData(new ImageData(rgba, w, h), 0, 0);
  const size = Math.max(10, Math.round(Math.min(w, h) / 36));
  ctx.font = `bold ${size}px sans-serif`;
  const pad = Math.round(size * 0.4);
  const textWidth = Math.min(w - 2 * pad, ctx.measureText(text).width);
  ctx.fillStyle = 'rgb(0,0,0)';
  ctx.fillRect(0, h - size - 2 * pad, textWidth + 2 * pad, size + 2 * pad);
  ctx.fillStyle = 'rgb(255,220,0)';
  ctx.textBaseline = 'bottom';
  ctx.fillText(text, pad, h - pad, w - 2 * pad);
  const out = ctx.getImageData(0, 0, w, h).data;
  const data = new Uint8Array(w * h * 3);
  for (let i = 0, j = 0; i < data.length; i += 3, j += 4) {
    data[i] = out[j];
    data[i + 1] = out[j + 1];
    data[i + 2] = out[j + 2];
  }
  return { width: w, height: h, data };
}
