// Vite plugin applying the 12-bit JPEG level-shift fix (src/model/codecs/jpeg12LevelShift.ts, where the defect is
// described) to Cornerstone's JavaScript JPEG decoder in the app and worker bundles. Node applies the same patch
// when it loads the decoder (trainer/data/nodeCodecs.ts), so the viewer and the AI decode the same pixels.
import type { Plugin } from 'vite';
import { JPEG12_MODULE, patchJpeg12LevelShift } from '../../src/model/codecs/jpeg12LevelShift';

export { patchJpeg12LevelShift };

export function fixJpeg12LevelShift(): Plugin {
  return {
    name: 'statread:fix-jpeg12-level-shift',
    enforce: 'pre',
    transform(code, id) {
      if (!JPEG12_MODULE.test(id.split('?')[0])) return null;
      return { code: patchJpeg12LevelShift(code), map: null };
    },
  };
}
