// Left panel: patients > studies > series (one series-item each, with thumbnail), then skipped files.
import { useStore } from '../store';
import { SeriesThumbnail } from './SeriesThumbnail';
import { closeAllStudies, closeStudies } from '../dicom/releaseImages';
import './study-list.css';

function formatDate(da: string): string {
  return /^\d{8}$/.test(da) ? `${da.slice(0, 4)}-${da.slice(4, 6)}-${da.slice(6, 8)}` : da;
}

export function StudyList() {
  const patientOrder = useStore((s) => s.patientOrder);
  const patients = useStore((s) => s.patients);
  const studies = useStore((s) => s.studies);
  const series = useStore((s) => s.series);
  const images = useStore((s) => s.images);
  const skipped = useStore((s) => s.skipped);
  const active = useStore((s) => s.activeSeriesKey);
  const select = useStore((s) => s.selectSeries);
  const intakeRuns = useStore((s) => s.intakeRuns);
  const busy = useStore((s) => s.intakeBusy);
  const closeRuns = useStore((s) => s.closeRuns);

  return (
    <nav className="study-list" data-testid="study-list" aria-label="Studies" data-intake-runs={intakeRuns} data-close-runs={closeRuns} aria-busy={busy}>
      {patientOrder.length > 0 && (
        <div className="study-list-actions">
          <button className="close-all" onClick={() => closeAllStudies()} title="Close every open study and free its memory">
            Close all
          </button>
        </div>
      )}
      {patientOrder.length === 0 && (
        <p className="hint">Drop DICOM files, folders or PNG/JPEG images anywhere on this window, or use Open files / Open folder.</p>
      )}
      {patientOrder.map((pk) => {
        const p = patients[pk];
        return (
          <section className="patient" key={pk} aria-label={`Patient ${p.name}`}>
            <h2 className="patient-name">
              {p.name} {p.id && <span className="muted">· {p.id}</span>}
            </h2>
            {p.studyKeys.map((sk) => {
              const st = studies[sk];
              return (
                <div className="study" key={sk} data-testid="study-item">
                  <div className="study-head">
                    <span className="study-desc">{st.description || '(no study description)'}</span>
                    <span className="study-meta">
                      {formatDate(st.date)} {st.modalities.join('/')}
                    </span>
                    <button
                      className="close-study"
                      onClick={() => closeStudies([sk])}
                      aria-label={`Close study ${st.description || '(no study description)'}`}
                      title="Close this study"
                    >
                      ×
                    </button>
                  </div>
                  <ul className="series-list">
                    {st.seriesKeys.map((rk) => {
                      const r = series[rk];
                      const first = images[r.imageIds[0]];
                      return (
                        <li key={rk}>
                          <button
                            className={`series-item${rk === active ? ' active' : ''}`}
                            data-testid="series-item"
                            data-series-uid={r.seriesInstanceUid}
                            aria-pressed={rk === active}
                            onClick={() => select(rk)}
                            title={first?.path}
                          >
                            <SeriesThumbnail imageId={r.imageIds[0]} />
                            <span className="series-text">
                              <span className="series-desc">
                                {r.modality} {r.seriesNumber !== null ? `#${r.seriesNumber}` : ''} {r.description}
                              </span>
                              <span className="muted">
                                {r.imageIds.length} image{r.imageIds.length === 1 ? '' : 's'}
                                {first && r.imageIds.length === 1 ? ` · ${first.fileName}` : ''}
                              </span>
                            </span>
                          </button>
                        </li>
                      );
                    })}
                  </ul>
                </div>
              );
            })}
          </section>
        );
      })}
      {skipped.length > 0 && (
        <details className="skipped" data-testid="skipped-list" open>
          <summary>Skipped ({skipped.length})</summary>
          <ul>
            {skipped.map((f, i) => (
              <li key={`${f.path}-${i}`} data-testid="skipped-item">
                <span className="alert-file">{f.fileName}</span>: {f.reason}
              </li>
            ))}
          </ul>
        </details>
      )}
    </nav>
  );
}
