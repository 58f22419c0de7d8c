// pydicom's character set test files (../shared/data/dicom-conformance/pydicom-charset-files): FileInfo.txt lists,
// per file, the Specific Character Set and the Patient's Name bytes as a Python bytes literal; the decoded names
// are pydicom's own expectations (pydicom/tests/test_charset.py FILE_PATIENT_NAMES and test_nested_character_sets),
// kept here as the whole decoded value: pydicom also drops an empty trailing component group (chrX1, chrX2 end in '=').
import { readFileSync } from 'node:fs';
import { dataPath } from './sharedData';

export const CHARSET_DIR = 'dicom-conformance/pydicom-charset-files';

/** Patient's Name (0010,0010) of each file as pydicom decodes it (for the SQ files: of the sequence item). */
export const EXPECTED_PATIENT_NAMES: Readonly<Record<string, string>> = {
  'chrArab.dcm': 'قباني^لنزار',
  'chrFren.dcm': 'Buc^Jérôme',
  'chrFrenMulti.dcm': 'Buc^Jérôme',
  'chrGerm.dcm': 'Äneas^Rüdiger',
  'chrGreek.dcm': 'Διονυσιος',
  'chrH31.dcm': 'Yamada^Tarou=山田^太郎=やまだ^たろう',
  'chrH32.dcm': 'ﾔﾏﾀﾞ^ﾀﾛｳ=山田^太郎=やまだ^たろう',
  'chrHbrw.dcm': 'שרון^דבורה',
  'chrI2.dcm': 'Hong^Gildong=洪^吉洞=홍^길동',
  'chrJapMulti.dcm': 'やまだ^たろう',
  'chrJapMultiExplicitIR6.dcm': 'やまだ^たろう',
  'chrKoreanMulti.dcm': '김희중',
  'chrRuss.dcm': 'Люкceмбypг',
  'chrX1.dcm': 'Wang^XiaoDong=王^小東=',
  'chrX2.dcm': 'Wang^XiaoDong=王^小东=',
  // Patient's Name only inside the Requested Procedure Code Sequence (0032,1064) item; the same value as chrH32.
  'chrSQEncoding.dcm': 'ﾔﾏﾀﾞ^ﾀﾛｳ=山田^太郎=やまだ^たろう',
  'chrSQEncoding1.dcm': 'ﾔﾏﾀﾞ^ﾀﾛｳ=山田^太郎=やまだ^たろう',
};

/** Files whose Patient's Name is only in a sequence item (no top-level name, no pixel data). */
export const SEQUENCE_ONLY_FILES: ReadonlySet<string> = new Set(['chrSQEncoding.dcm', 'chrSQEncoding1.dcm']);

export interface FileInfoRow {
  file: string;
  /** (0008,0005) terms, value 1 first ('' = default repertoire). */
  characterSets: string[];
  /** The Patient's Name bytes as listed. */
  nameBytes: Uint8Array;
}

/** A Python bytes literal body ('\xe9' escapes, \\ and \' ) as bytes. */
export function pythonBytes(literal: string): Uint8Array {
  const out: number[] = [];
  for (let i = 0; i < literal.length; i++) {
    const c = literal[i];
    if (c !== '\\') {
      out.push(c.charCodeAt(0));
      continue;
    }
    const n = literal[++i];
    if (n === 'x') {
      out.push(parseInt(literal.slice(i + 1, i + 3), 16));
      i += 2;
    } else if (n === 'n') out.push(0x0a);
    else if (n === 'r') out.push(0x0d);
    else if (n === 't') out.push(0x09);
    else out.push(n.charCodeAt(0)); // \\ and \'
  }
  return new Uint8Array(out);
}

/** The rows of FileInfo.txt's table ("Filename  Character Sets  'Patient's Name'"). */
export function readFileInfo(): FileInfoRow[] {
  const rows: FileInfoRow[] = [];
  for (const line of readFileSync(dataPath(CHARSET_DIR, 'FileInfo.txt'), 'latin1').split(/\r?\n/)) {
    const m = /^(\S+\.dcm)\s+(.+?)\s{2,}'(.*)'\s*$/.exec(line);
    if (!m) continue;
    const sets = m[2].startsWith('[') ? [...m[2].matchAll(/'([^']*)'/g)].map((x) => x[1]) : [m[2].trim()];
    rows.push({ file: m[1], characterSets: sets, nameBytes: pythonBytes(m[3]) });
  }
  return rows;
}
