// Searchable DICOM tag browser for the current image (names from dcmjs's data dictionary, loaded lazily).
import { useEffect, useMemo, useState } from 'react';
import { imageRegistry } from '../images';
import { tagRows } from '../dicom/tagRows';
import { useStore } from '../store';
import { Dialog } from './Dialog';

type Dict = Record<string, { vr: string; name: string }>;

export function TagBrowser() {
  const open = useStore((s) => s.tagBrowserOpen);
  const setOpen = useStore((s) => s.setTagBrowserOpen);
  const id = useStore((s) => s.renderedImageId);
  const [dict, setDict] = useState<Dict | null>(null);
  const [query, setQuery] = useState('');
  useEffect(() => {
    if (open && !dict) void import('dcmjs/dictionary').then((m) => setDict(m.default as Dict));
  }, [open, dict]);
  const src = imageRegistry.get(id);
  const dataSet = src?.dataSet ?? null;
  const rows = useMemo(() => {
    if (!dataSet) return [];
    return tagRows(dataSet, (t) => dict?.[t]?.vr).map((r) => ({ ...r, name: dict?.[r.tag]?.name ?? '' }));
  }, [dataSet, dict]);
  if (!open) return null;
  const q = query.trim().toLowerCase();
  const shown = q
    ? rows.filter(
        (r) =>
          `${r.tag} ${r.name} ${r.value}`.toLowerCase().includes(q) ||
          r.tag
            .replace(/[(),]/g, '')
            .toLowerCase()
            .includes(q.replace(/[(),\s]/g, '')),
      )
    : rows;
  return (
    <Dialog title={`DICOM tags${src ? `: ${src.fileName}` : ''}`} onClose={() => setOpen(false)} className="tag-dialog">
      {!src?.dataSet ? (
        <p>No DICOM header for the current image.</p>
      ) : (
        <>
          <input
            className="tag-search"
            type="search"
            aria-label="Search tags"
            placeholder="Search by tag, name or value"
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            autoFocus
          />
          <div className="tag-table-wrap">
            <table className="tag-table" data-testid="tag-table">
              <thead>
                <tr>
                  <th>Tag</th>
                  <th>Name</th>
                  <th>VR</th>
                  <th>Value</th>
                </tr>
              </thead>
              <tbody>
                {shown.map((r, i) => (
                  <tr key={`${r.tag}-${i}`} data-testid="tag-row">
                    <td style={{ paddingLeft: `${0.4 + r.depth * 0.8}em` }}>{r.tag}</td>
                    <td>{r.name}</td>
                    <td>{r.vr}</td>
                    <td className="tag-value">{r.value}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <p className="muted">
            {shown.length} of {rows.length} elements
          </p>
        </>
      )}
    </Dialog>
  );
}
