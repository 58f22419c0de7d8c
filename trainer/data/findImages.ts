// Finds image files anywhere below a folder (the NIH download spreads them over images_001/images ... images_012/images).
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

const IMAGE_EXT = /\.(png|jpe?g|dcm|dicom|bmp)$/i;

/** Maps each image's file name to its absolute path (first found wins; duplicates reported). */
export function indexImages(root: string, accept: RegExp = IMAGE_EXT): { byName: Map<string, string>; duplicates: string[] } {
  const byName = new Map<string, string>();
  const duplicates: string[] = [];
  const stack = [root];
  while (stack.length) {
    const dir = stack.pop() as string;
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      continue;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      const p = join(dir, e.name);
      if (e.isDirectory()) stack.push(p);
      else if (accept.test(e.name)) {
        if (byName.has(e.name)) duplicates.push(p);
        else byName.set(e.name, p);
      }
    }
  }
  return { byName, duplicates };
}
