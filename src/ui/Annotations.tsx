// Corner annotations over the image (hideable with "a").
import { imageRegistry } from '../images';
import { lengthCalibration } from '../viewer/calibration/lengthCalibration';
import { useStore } from '../store';

function fmtDate(da: string): string {
  return /^\d{8}$/.test(da) ? `${da.slice(0, 4)}-${da.slice(4, 6)}-${da.slice(6, 8)}` : da;
}

function fmtNum(v: number | null): string {
  if (v === null || !Number.isFinite(v)) return '–';
  return Number.isInteger(v) ? String(v) : v.toFixed(1);
}

export function Annotations() {
  const show = useStore((s) => s.showAnnotations);
  const state = useStore((s) => s.viewportState);
  const id = useStore((s) => s.renderedImageId);
  const d = useStore((s) => s.display);
  const probe = useStore((s) => s.probe);
  const series = useStore((s) => (s.activeSeriesKey ? s.series[s.activeSeriesKey] : undefined));
  const index = useStore((s) => s.activeImageIndex);
  const image = useStore((s) => (id ? s.images[id] : undefined));
  if (!show || state !== 'ready' || !id) return null;
  const src = imageRegistry.get(id);
  const h = src?.header ?? null;
  const cal = lengthCalibration(h);
  return (
    <div className="annotations" data-testid="annotations" aria-label="Image annotations">
      <div className="corner tl">
        <div className="strong">{h?.patientName || src?.fileName}</div>
        {h?.patientId && <div>ID {h.patientId}</div>}
        {h && (h.patientAge || h.patientSex) && (
          <div>
            {h.patientAge || '–'} / {h.patientSex || '–'}
          </div>
        )}
      </div>
      <div className="corner tr">
        {h?.studyDate && <div>{fmtDate(h.studyDate)}</div>}
        <div>
          {h?.modality || 'OT'} {h?.viewPosition && `· ${h.viewPosition}`}
        </div>
        {h?.studyDescription && <div>{h.studyDescription}</div>}
        {h?.seriesDescription && <div className="muted">{h.seriesDescription}</div>}
      </div>
      <div className="corner bl">
        {probe && (
          <div data-testid="probe-readout">
            ({probe.x}, {probe.y}) stored {probe.stored.join(', ')}
            {probe.modality && ` · ${h?.modality === 'CT' ? 'HU' : 'value'} ${probe.modality.map(fmtNum).join(', ')}`} · displayed {probe.displayed.join(', ')}
          </div>
        )}
        <div data-testid="window-readout">
          W {fmtNum(d.windowWidth)} / C {fmtNum(d.windowCenter)} {d.voiLutFunction !== 'LINEAR' && `(${d.voiLutFunction})`}
        </div>
        <div>
          Zoom {Number.isFinite(d.zoom) ? `${Math.round(d.zoom * 100)}%` : '–'}
          {d.rotation ? ` · Rot ${d.rotation}°` : ''}
          {d.flipH ? ' · Flip H' : ''}
          {d.flipV ? ' · Flip V' : ''}
          {d.invert ? ' · Inverted' : ''}
        </div>
      </div>
      <div className="corner br">
        <div>
          {image?.columns} × {image?.rows}
          {h && ` · ${h.bitsStored} bit ${h.photometricInterpretation}`}
        </div>
        {series && series.imageIds.length > 1 && (
          <div>
            Image {index + 1} / {series.imageIds.length}
          </div>
        )}
        <div data-testid="calibration">
          {cal.source === 'PixelSpacing' && `Lengths in mm (PixelSpacing ${cal.spacing!.join(' × ')})`}
          {cal.source === 'ImagerPixelSpacing' && `Lengths in mm at the detector (ImagerPixelSpacing ${cal.spacing!.join(' × ')})`}
          {cal.source === null && 'Lengths in px (no valid pixel spacing)'}
        </div>
      </div>
    </div>
  );
}
