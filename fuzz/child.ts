// Fuzz child process: loads the corpus once, then for each case id the parent sends, rebuilds the input, runs it
// through the app's parse/decode code and replies with the outcome plus the process's peak RSS (to catch
// allocations outside the capped V8 heap, e.g. huge typed arrays).
import { takeBigAllocations } from './allocGuard'; // first: wraps the typed-array constructors before the app loads
import { loadCorpus } from './corpus';
import { caseById } from './mutate';
import { runOne } from './outcome';
import type { CaseOutcome } from './outcome';
import { registerNodeCodecs } from '../trainer/data/nodeCodecs';

export interface ChildRequest {
  id: string;
}
export interface ChildReply {
  id: string;
  kind: string;
  seedFile: string;
  detail: string;
  size: number;
  outcome: CaseOutcome;
  ms: number;
  maxRssMb: number;
  /** Allocations over the cap (FUZZ_ALLOC_CAP_MB, default 512) made while running this case. */
  bigAllocations: { type: string; bytes: number }[];
}

const seed = Number(process.env.FUZZ_SEED ?? 1);
registerNodeCodecs();
const corpus = loadCorpus(process.env.FUZZ_CORPUS || undefined);

process.on('message', (msg: ChildRequest) => {
  void (async () => {
    let c;
    try {
      c = caseById(corpus, seed, msg.id);
    } catch (err) {
      // A bug in the fuzzer itself, not in the app: reported separately.
      process.send!({ id: msg.id, generatorError: String(err) });
      return;
    }
    takeBigAllocations();
    const t0 = performance.now();
    const outcome = await runOne(c.bytes, c.seedFile);
    const reply: ChildReply = {
      id: c.id,
      kind: c.kind,
      seedFile: c.seedFile,
      detail: c.detail,
      size: c.bytes.length,
      outcome,
      ms: performance.now() - t0,
      maxRssMb: process.resourceUsage().maxRSS / 1024,
      bigAllocations: takeBigAllocations(),
    };
    process.send!(reply);
  })();
});
process.send!({ ready: true, corpusSize: corpus.length });
