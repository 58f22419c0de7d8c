// The worklist's read marks in IndexedDB: store "reads" of the result database (src/inference/resultDb.ts), one
// row per study identity (readKey.ts), independent of the model version. resultDb stores it under a keyed hash of
// that identity, with the time it was stored (marks expire with the results).
import { getMany, putOne, READS } from '../inference/resultDb';

interface StoredReadMark {
  read: boolean;
}

/** The stored, unexpired read marks among `keys` (missing keys are absent from the map). */
export async function getReadMarks(keys: readonly string[]): Promise<Map<string, boolean>> {
  const found = await getMany<StoredReadMark>(READS, keys);
  return new Map([...found].map(([k, m]) => [k, m.read === true]));
}

export function putReadMark(key: string, read: boolean): Promise<boolean> {
  const mark: StoredReadMark = { read };
  return putOne(READS, key, mark);
}
