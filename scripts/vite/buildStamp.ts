// Writes dist/.statread-build.json after a build (server/buildStamp.ts): `npm start` serves a build only when the
// stamp says it is the production build of the current source tree.
import { resolve } from 'node:path';
import type { Plugin, ResolvedConfig } from 'vite';
import { writeStamp } from '../../server/buildStamp';

export function buildStamp(testHooks: boolean): Plugin {
  let config: ResolvedConfig;
  return {
    name: 'statread:build-stamp',
    apply: 'build',
    configResolved(c) {
      config = c;
    },
    closeBundle() {
      writeStamp(config.root, resolve(config.root, config.build.outDir), testHooks);
    },
  };
}
