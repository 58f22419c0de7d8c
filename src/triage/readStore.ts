// The worklist's read marks in IndexedDB: store "reads" of the result database (src/inference/resultDb.ts), one
// record { key, read, savedAt } per study identity (readKey.ts), independent of the model version.
import { getMany, putOne, READS } from '../inference/resultDb';

interface StoredReadMark {
  key: string;
  read: boolean;
  savedAt: number;
}

/** The stored read marks among `keys` (missing keys are absent from the map). */
export async function getReadMarks(keys: readonly string[]): Promise<Map<string, boolean>> {
  const found = await getMany<StoredReadMark>(READS, keys);
  return new Map([...found].map(([k, m]) => [k, m.read]));
}

export function putReadMark(key: string, read: boolean): Promise<boolean> {
  const mark: StoredReadMark = { key, read, savedAt: Date.now() };
  return putOne(READS, mark);
}
