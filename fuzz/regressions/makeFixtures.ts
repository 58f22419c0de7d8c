// Writes every regression fixture to fuzz/regressions/out/ (git-ignored) for inspection or for dropping into the
// app: the synthetic ones from their descriptions, the replayed ones by rebuilding their fuzz case from the shared
// corpus (skipped when ../shared/data is absent). Nothing here copies a data file.
//   npx tsx fuzz/regressions/makeFixtures.ts
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CORPUS_SUBDIR, loadCorpus } from '../corpus';
import { caseById } from '../mutate';
import { hasData } from '../../test-support/sharedData';
import { REPLAYS, SYNTHETIC } from './fixtures';

const OUT = join(dirname(fileURLToPath(import.meta.url)), 'out');
mkdirSync(OUT, { recursive: true });
for (const f of SYNTHETIC) {
  const bytes = f.build();
  writeFileSync(join(OUT, `${f.name}.dcm`), bytes);
  console.log(`${f.name}.dcm (${bytes.length} bytes): ${f.was}`);
}
if (REPLAYS.length > 0 && hasData(CORPUS_SUBDIR)) {
  const corpus = loadCorpus();
  for (const r of REPLAYS) {
    const c = caseById(corpus, r.seed, r.id);
    const name = `seed${r.seed}-${r.id.replace(':', '_')}.dcm`;
    writeFileSync(join(OUT, name), c.bytes);
    console.log(`${name} (${c.bytes.length} bytes, ${c.kind} of ${c.seedFile}: ${c.detail}): ${r.was}`);
  }
} else if (REPLAYS.length > 0) {
  console.log(`skipped ${REPLAYS.length} replayed fixtures: ../shared/data/${CORPUS_SUBDIR} not found`);
}
