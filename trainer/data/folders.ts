// Folder-per-class: <root>/<Label>/<image>; a folder named "No Finding" (or "normal") holds negatives for every
// label. Patient IDs come from NIH-style names (00000001_000.png -> 00000001) when present, else the file name.
import { readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { indexImages } from './findImages';
import type { Dataset, Label, Sample } from './sample';

const NORMAL = /^(no[ _-]?finding|normal)$/i;

export function patientFromFileName(name: string): string {
  const m = /^(\d{8})_\d{3}\./.exec(name);
  return m ? m[1] : name.replace(/\.[^.]+$/, '');
}

export function readFolders(dir: string): Dataset {
  const classes = readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
  const labels = classes.filter((c) => !NORMAL.test(c));
  if (classes.length === 0) throw new Error(`${dir}: no class folders`);
  const byId = new Map<string, Sample>();
  for (const cls of classes) {
    const { byName } = indexImages(join(dir, cls));
    for (const [name, path] of byName) {
      const id = name;
      const s = byId.get(id) ?? {
        id,
        patientId: patientFromFileName(basename(name)),
        path,
        labels: Object.fromEntries(labels.map((l) => [l, 0 as Label])),
        noFinding: true,
      };
      if (!NORMAL.test(cls)) {
        s.labels[cls] = 1;
        s.noFinding = false;
      }
      byId.set(id, s);
    }
  }
  return { layout: 'folders', root: dir, labels, samples: [...byId.values()], warnings: [] };
}
