// The viewer's release hook (registered with the image registry by initCornerstone): frees what Cornerstone holds
// for released images, so a long session of opening and closing files does not grow without bound. Per image:
// - Cornerstone's image cache: the image, its VOI LUT derivatives (statread-voilut:*) and, for converted
//   YBR_FULL_422 images, the inner dicomfile image (decoded pixels, the biggest part);
// - the wadouri loader: the parsed data set (dataSetCacheManager, which holds the file's bytes) and the file
//   handle (fileManager), once per file.
// It runs while the registry still has the entries: the VOI LUT count needs the header-only data set.
import { cache } from '@cornerstonejs/core';
import { wadouri } from '@cornerstonejs/dicom-image-loader';
import type { ImageEntry } from '../../images';
import { YBR422_SCHEME } from '../color/ybr422ImageLoader';
import { voiLutImageId, voiLutsFor } from '../voi/voiLutImageLoader';

function uncache(imageId: string): void {
  if (!cache.getImageLoadObject(imageId)) return;
  try {
    cache.removeImageLoadObject(imageId, { force: true });
  } catch {
    // already gone
  }
}

/** dicomfile:N or dicomfile:N?frame=k -> N */
function fileIndexOf(dicomfileId: string): number | null {
  const m = /^dicomfile:(\d+)/.exec(dicomfileId);
  return m ? Number(m[1]) : null;
}

export function releaseDisplay(entries: ImageEntry[]): void {
  const files = new Set<number>();
  for (const { imageId: id } of entries) {
    const luts = voiLutsFor(id).length;
    for (let i = 0; i < luts; i++) uncache(voiLutImageId(id, i));
    uncache(id);
    let inner = id;
    if (id.startsWith(`${YBR422_SCHEME}:`)) {
      inner = id.slice(YBR422_SCHEME.length + 1);
      uncache(inner);
    }
    const n = fileIndexOf(inner);
    if (n !== null) files.add(n);
  }
  for (const n of files) {
    // Intake registered the file once and every decoded frame loaded its data set once more; removing the
    // cached images above unloaded theirs. Whatever count is left is ours: drop it entirely.
    const uri = String(n);
    for (let guard = 0; guard < 100_000 && wadouri.dataSetCacheManager.isLoaded(uri); guard++) wadouri.dataSetCacheManager.unload(uri);
    wadouri.fileManager.remove(n);
  }
}
