// The heatmap canvas over the viewport: the CAM of the selected finding, drawn so that it marks where the evidence
// is without tinting the film (colormap.ts: transparent below the floor, alpha rising with the value, an outline
// around the strongest part), through the viewport's own camera (image corners -> world -> canvas on every
// render), so it stays registered to the image under zoom, pan, rotation and flip. The canvas is shown
// (data-drawn="true") only while a map is drawn on it; otherwise it is not displayed at all.
import { useEffect, useMemo, useRef } from 'react';
import { Enums, utilities, type Types } from '@cornerstonejs/core';
import { viewportController } from '../../viewer/viewportController';
import { useScoreStore } from '../../inference/scoreStore';
import { onScreenHeatmap } from '../../inference/onScreenView';
import { CONTOUR_LEVEL, contourSegments, evidenceRgba } from '../../inference/colormap';
import { affineFromCorners, heatmapRectInImage } from '../../inference/heatmapPlacement';

export function HeatmapOverlay({ host }: { host: HTMLElement }) {
  const ref = useRef<HTMLCanvasElement>(null);
  const shown = useScoreStore(onScreenHeatmap);
  const visible = useScoreStore((s) => s.heatmapVisible);
  const opacity = useScoreStore((s) => s.heatmapOpacity);
  const fit = useScoreStore((s) => s.model?.fit ?? 'stretch');
  const heatmap = shown?.map ?? null;
  const key = shown?.imageId ?? null;

  const source = useMemo(() => {
    if (!heatmap) return null;
    const c = document.createElement('canvas');
    c.width = heatmap.width;
    c.height = heatmap.height;
    c.getContext('2d')!.putImageData(new ImageData(evidenceRgba(heatmap.data), heatmap.width, heatmap.height), 0, 0);
    return { canvas: c, contour: contourSegments(heatmap.data, heatmap.width, heatmap.height, CONTOUR_LEVEL) };
  }, [heatmap]);

  useEffect(() => {
    const canvas = ref.current;
    if (!canvas) return;
    const draw = () => {
      const ctx = canvas.getContext('2d');
      if (!ctx) return;
      const vp = viewportController.viewport;
      const cs = viewportController.getCanvas();
      const show = !!(source && visible && key && vp && cs && viewportController.currentBaseImageId === key);
      canvas.dataset.drawn = 'false';
      if (!show || !vp || !cs || !source) {
        ctx.setTransform(1, 0, 0, 1, 0, 0);
        ctx.clearRect(0, 0, canvas.width, canvas.height);
        return;
      }
      const hostRect = host.getBoundingClientRect();
      const csRect = cs.getBoundingClientRect();
      const dpr = window.devicePixelRatio || 1;
      const w = Math.max(1, Math.round(csRect.width * dpr));
      const h = Math.max(1, Math.round(csRect.height * dpr));
      if (canvas.width !== w || canvas.height !== h) {
        canvas.width = w;
        canvas.height = h;
      }
      canvas.style.left = `${csRect.left - hostRect.left}px`;
      canvas.style.top = `${csRect.top - hostRect.top}px`;
      canvas.style.width = `${csRect.width}px`;
      canvas.style.height = `${csRect.height}px`;
      ctx.setTransform(1, 0, 0, 1, 0, 0);
      ctx.clearRect(0, 0, w, h);
      const imageData = vp.getImageData();
      if (!imageData) return;
      const [columns, rows] = imageData.dimensions;
      const r = heatmapRectInImage(columns, rows, fit);
      // Pixel (i,j) has its centre at index (i,j): the image's outer edges are at -0.5 and n-0.5.
      const toCanvas = (x: number, y: number): [number, number] => {
        const world = utilities.transformIndexToWorld(imageData.imageData, [x - 0.5, y - 0.5, 0] as Types.Point3);
        const p = vp.worldToCanvas(world);
        return [p[0] * dpr, p[1] * dpr];
      };
      const [a, b, c, d, e, f] = affineFromCorners(
        source.canvas.width,
        source.canvas.height,
        toCanvas(r.x, r.y),
        toCanvas(r.x + r.width, r.y),
        toCanvas(r.x, r.y + r.height),
      );
      ctx.setTransform(a, b, c, d, e, f);
      ctx.imageSmoothingEnabled = true;
      ctx.imageSmoothingQuality = 'high';
      ctx.globalAlpha = opacity;
      ctx.drawImage(source.canvas, 0, 0);
      // The outline, in canvas pixels (a constant line width whatever the zoom): a dark halo under a light line,
      // so it reads on bright bone and dark lung alike.
      ctx.setTransform(1, 0, 0, 1, 0, 0);
      const seg = source.contour;
      if (seg.length) {
        ctx.beginPath();
        for (let i = 0; i < seg.length; i += 4) {
          ctx.moveTo(a * seg[i] + c * seg[i + 1] + e, b * seg[i] + d * seg[i + 1] + f);
          ctx.lineTo(a * seg[i + 2] + c * seg[i + 3] + e, b * seg[i + 2] + d * seg[i + 3] + f);
        }
        ctx.lineCap = 'round';
        ctx.lineJoin = 'round';
        ctx.strokeStyle = 'rgba(0, 0, 0, 0.55)';
        ctx.lineWidth = 3.5 * dpr;
        ctx.stroke();
        ctx.strokeStyle = 'rgb(255, 236, 130)';
        ctx.lineWidth = 1.5 * dpr;
        ctx.stroke();
      }
      ctx.globalAlpha = 1;
      canvas.dataset.drawn = 'true';
      canvas.dataset.drawCount = String(Number(canvas.dataset.drawCount ?? '0') + 1);
    };
    draw();
    const el = viewportController.getElement();
    el?.addEventListener(Enums.Events.IMAGE_RENDERED, draw);
    el?.addEventListener(Enums.Events.CAMERA_MODIFIED, draw);
    window.addEventListener('resize', draw);
    return () => {
      el?.removeEventListener(Enums.Events.IMAGE_RENDERED, draw);
      el?.removeEventListener(Enums.Events.CAMERA_MODIFIED, draw);
      window.removeEventListener('resize', draw);
    };
  }, [source, visible, opacity, key, fit, host]);

  return (
    <canvas
      ref={ref}
      className="ai-heatmap"
      data-testid="heatmap"
      data-finding={heatmap && key ? heatmap.label : ''}
      data-visible={visible ? 'true' : 'false'}
      aria-hidden="true"
    />
  );
}
