// CSV through papaparse: rows as string arrays (headers of the published files are not always valid keys:
// NIH splits "OriginalImage[Width,Height]" into two columns).
import Papa from 'papaparse';

export function parseCsvRows(text: string): string[][] {
  const result = Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), { header: false, skipEmptyLines: 'greedy' });
  return result.data;
}

/** Index of the first header cell matching one of the names (case- and space-insensitive), or -1. */
export function columnIndex(header: string[], ...names: string[]): number {
  const norm = (s: string) => s.trim().toLowerCase().replace(/\s+/g, ' ');
  const wanted = names.map(norm);
  return header.findIndex((h) => wanted.includes(norm(h)));
}
