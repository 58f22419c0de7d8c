// Centre: the Cornerstone viewport (data-testid="viewport" with data-state), its overlays and toolbar.
import { useEffect, useRef } from 'react';
import { viewportController } from '../viewer/viewportController';
import { imageRegistry } from '../images';
import { storedValueAt, rescaleOf, samplesPerPixelOf } from '../viewer/storedPixels';
import { useStore } from '../store';
import { Annotations } from './Annotations';
import { Toolbar } from './Toolbar';
import { stepImage } from './navigation';

export function ViewportPanel() {
  const hostRef = useRef<HTMLDivElement>(null);
  const state = useStore((s) => s.viewportState);
  const error = useStore((s) => s.viewportError);
  const seriesKey = useStore((s) => s.activeSeriesKey);
  const index = useStore((s) => s.activeImageIndex);
  const imageId = useStore((s) => (s.activeSeriesKey ? s.series[s.activeSeriesKey]?.imageIds[s.activeImageIndex] : undefined));
  const voiChoice = useStore((s) => s.voiChoice);
  const activeTool = useStore((s) => s.activeTool);
  const renderedId = useStore((s) => s.renderedImageId);
  const mounted = useRef<Promise<void> | null>(null);
  const shownId = useRef<string | null>(null);

  useEffect(() => {
    if (!hostRef.current || mounted.current) return;
    viewportController.onError = (id, reason) => {
      const src = imageRegistry.get(id);
      useStore.getState().addAlerts([{ fileName: src?.fileName ?? id, path: src?.path ?? id, reason: `could not be displayed: ${reason}` }]);
    };
    mounted.current = viewportController.mount(hostRef.current);
  }, []);

  useEffect(() => {
    if (!imageId) return;
    let alive = true;
    (async () => {
      await mounted.current;
      if (!alive) return;
      if (shownId.current !== imageId) {
        shownId.current = imageId;
        await viewportController.show(imageId, voiChoice);
      } else {
        await viewportController.setVoiChoice(voiChoice);
      }
    })();
    return () => {
      alive = false;
    };
  }, [imageId, voiChoice, seriesKey, index]);

  useEffect(() => {
    viewportController.setActiveTool(activeTool);
  }, [activeTool]);

  const onPointerDown = (e: React.PointerEvent<HTMLDivElement>) => {
    if (activeTool !== 'Probe' || e.button !== 0) return;
    const canvas = viewportController.getCanvas();
    const image = viewportController.getBaseImage();
    if (!canvas || !image) return;
    const rect = canvas.getBoundingClientRect();
    const cx = e.clientX - rect.left;
    const cy = e.clientY - rect.top;
    const px = viewportController.canvasToPixel(cx, cy);
    if (!px) {
      useStore.getState().setProbe(null);
      return;
    }
    const spp = samplesPerPixelOf(image);
    const base = (px.y * image.columns + px.x) * spp;
    const stored: number[] = [];
    for (let c = 0; c < spp; c++) stored.push(storedValueAt(image, base + c));
    const r = rescaleOf(image);
    const modality = spp === 1 && (r.slope !== 1 || r.intercept !== 0) ? stored.map((v) => v * r.slope + r.intercept) : null;
    const ctx = canvas.getContext('2d');
    const scaleX = canvas.width / rect.width;
    const scaleY = canvas.height / rect.height;
    const d = ctx?.getImageData(Math.floor(cx * scaleX), Math.floor(cy * scaleY), 1, 1).data;
    const displayed = d ? (spp === 1 ? [d[0]] : [d[0], d[1], d[2]]) : [];
    useStore.getState().setProbe({ x: px.x, y: px.y, stored, modality, displayed });
  };

  const onWheel = (e: React.WheelEvent) => {
    if (e.deltaY === 0) return;
    stepImage(e.deltaY > 0 ? 1 : -1);
  };

  const src = imageRegistry.get(renderedId);
  const failedFile = state === 'error' ? imageRegistry.get(imageId)?.fileName : undefined;
  return (
    <main className="viewer-main">
      <Toolbar />
      <div
        className={`viewport tool-${activeTool}`}
        data-testid="viewport"
        data-state={state}
        data-image-id={state === 'ready' ? (renderedId ?? '') : undefined}
        data-file-name={state === 'ready' ? (src?.fileName ?? '') : undefined}
        aria-label="Image viewport"
        aria-busy={state === 'loading'}
        onPointerDownCapture={onPointerDown}
        onWheel={onWheel}
      >
        <div className="cs-host" ref={hostRef} />
        {state === 'empty' && <div className="viewport-empty">No image open. Drop files here.</div>}
        {state === 'loading' && <div className="viewport-loading">Loading…</div>}
        {state === 'error' && (
          <div className="viewport-error" role="status" data-testid="viewport-error" data-file-name={failedFile}>
            {failedFile ? `${failedFile} could not be displayed` : 'This image could not be displayed'}: {error}
          </div>
        )}
        <Annotations />
      </div>
    </main>
  );
}
