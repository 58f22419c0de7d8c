// Decodes DICOM text values under the data set's Specific Character Set (0008,0005), PS3.3 C.12.1.1.2 and
// PS3.5 6.1. Single-byte and stateless multi-byte sets go through TextDecoder (WHATWG encodings); only the ISO 2022
// code extensions are segmented here, following pydicom's charset.py: the value is cut before each ESC, a piece
// that starts with a known escape sequence is decoded with the code element it designates, any other piece with
// value 1 of (0008,0005). In a G1 (8-bit) code element a delimiter (PN: ^ = \, LO/SH/UC: \, ST/LT/UT: CR LF TAB FF)
// switches back to value 1. Only PN, LO, SH, ST, LT, UT and UC use the extended set; every other string VR is
// the default repertoire. Pure: no DOM (TextDecoder is part of every JS runtime StatRead runs in).

/** How a character set term decodes bytes. */
type Codec = string;

const ESC = 0x1b;

/** Defined terms without ISO 2022 code extensions, and with them (both spellings normalised by `normaliseTerm`). */
const TERM_CODECS: Record<string, Codec> = {
  '': 'latin1',
  ISOIR6: 'latin1',
  ISOIR100: 'latin1',
  ISOIR101: 'iso-8859-2',
  ISOIR109: 'iso-8859-3',
  ISOIR110: 'iso-8859-4',
  ISOIR144: 'iso-8859-5',
  ISOIR127: 'iso-8859-6',
  ISOIR126: 'iso-8859-7',
  ISOIR138: 'iso-8859-8',
  ISOIR148: 'windows-1254', // WHATWG's iso-8859-9; identical for 0x00-0x7F and 0xA0-0xFF
  ISOIR13: 'shift_jis', // JIS X 0201: Romaji in G0, half-width Katakana in G1 (bytes 0xA1-0xDF)
  ISOIR166: 'windows-874', // TIS 620-2533 (superset)
  ISOIR192: 'utf-8',
  GB18030: 'gb18030',
  GBK: 'gbk',
  ISO2022IR6: 'latin1',
  ISO2022IR100: 'latin1',
  ISO2022IR101: 'iso-8859-2',
  ISO2022IR109: 'iso-8859-3',
  ISO2022IR110: 'iso-8859-4',
  ISO2022IR144: 'iso-8859-5',
  ISO2022IR127: 'iso-8859-6',
  ISO2022IR126: 'iso-8859-7',
  ISO2022IR138: 'iso-8859-8',
  ISO2022IR148: 'windows-1254',
  ISO2022IR13: 'shift_jis',
  ISO2022IR166: 'windows-874',
  ISO2022IR87: 'jis0208',
  ISO2022IR159: 'jis0212',
  ISO2022IR149: 'euc-kr',
  ISO2022IR58: 'gbk', // GB 2312 in G1 = EUC-CN, a subset of GBK
};

/** ISO 2022 escape sequences (after ESC) and the codec of the code element each one designates. */
const ESCAPES: [string, Codec][] = [
  ['$(D', 'jis0212'], // ISO 2022 IR 159, G0
  ['$)C', 'euc-kr'], // ISO 2022 IR 149, G1
  ['$)A', 'gbk'], // ISO 2022 IR 58, G1
  ['$B', 'jis0208'], // ISO 2022 IR 87, G0
  ['(B', 'latin1'], // ISO 2022 IR 6, G0
  ['(J', 'shift_jis'], // ISO 2022 IR 13 Romaji, G0
  [')I', 'shift_jis'], // ISO 2022 IR 13 Katakana, G1
  ['-A', 'latin1'], // IR 100
  ['-B', 'iso-8859-2'], // IR 101
  ['-C', 'iso-8859-3'], // IR 109
  ['-D', 'iso-8859-4'], // IR 110
  ['-F', 'iso-8859-7'], // IR 126
  ['-G', 'iso-8859-6'], // IR 127
  ['-H', 'iso-8859-8'], // IR 138
  ['-L', 'iso-8859-5'], // IR 144
  ['-M', 'windows-1254'], // IR 148
  ['-T', 'windows-874'], // IR 166
];

/** Value representations whose values may use the extended character set (PS3.5 6.1.2.3). */
export const EXTENDED_TEXT_VRS: ReadonlySet<string> = new Set(['PN', 'LO', 'SH', 'ST', 'LT', 'UT', 'UC']);

const DELIMITERS: Record<string, ReadonlySet<number>> = {
  PN: new Set([0x5e, 0x3d, 0x5c]),
  LO: new Set([0x5c]),
  SH: new Set([0x5c]),
  UC: new Set([0x5c]),
  ST: new Set([0x0d, 0x0a, 0x09, 0x0c]),
  LT: new Set([0x0d, 0x0a, 0x09, 0x0c]),
  UT: new Set([0x0d, 0x0a, 0x09, 0x0c]),
};

function normaliseTerm(term: string): string {
  return term.toUpperCase().replace(/[^A-Z0-9]/g, '');
}

/** The terms of a (0008,0005) value: backslash-separated, trimmed; an empty value 1 stays '' (the default repertoire). */
export function parseSpecificCharacterSet(value: string | readonly string[] | undefined | null): string[] {
  if (value === undefined || value === null) return [''];
  const terms = typeof value === 'string' ? value.replace(/\0/g, '').split('\\') : [...value];
  const out = terms.map((t) => t.trim());
  while (out.length > 1 && out[out.length - 1] === '') out.pop();
  return out.length ? out : [''];
}

/** Whether a defined term is known (unknown terms decode as value 1 would, or Latin-1). */
export function isKnownCharacterSet(term: string): boolean {
  return normaliseTerm(term) in TERM_CODECS;
}

const decoders = new Map<string, TextDecoder | null>();

function textDecoder(label: string): TextDecoder | null {
  let d = decoders.get(label);
  if (d === undefined) {
    try {
      d = new TextDecoder(label, { fatal: false });
    } catch {
      d = null; // a runtime without this encoding: fall back to Latin-1 rather than fail
    }
    decoders.set(label, d);
  }
  return d;
}

function latin1(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 4096) s += String.fromCharCode(...bytes.subarray(i, i + 4096));
  return s;
}

/** JIS X 0208 (ESC $ B) or JIS X 0212 (ESC $ ( D) 7-bit pairs, decoded as EUC-JP (high bit set, 0x8F prefix for 0212). */
function jis(bytes: Uint8Array, plane0212: boolean): string {
  const out: number[] = [];
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    const next = bytes[i + 1];
    if (b >= 0x21 && b <= 0x7e && next !== undefined && next >= 0x21 && next <= 0x7e) {
      if (plane0212) out.push(0x8f);
      out.push(b | 0x80, next | 0x80);
      i++;
    } else out.push(b < 0x80 ? b : 0x3f);
  }
  return decodeWith(new Uint8Array(out), 'euc-jp');
}

function decodeWith(bytes: Uint8Array, codec: Codec): string {
  if (bytes.length === 0) return '';
  if (codec === 'latin1') return latin1(bytes);
  if (codec === 'jis0208') return jis(bytes, false);
  if (codec === 'jis0212') return jis(bytes, true);
  const d = textDecoder(codec);
  return d ? d.decode(bytes) : latin1(bytes);
}

function codecOf(term: string): Codec {
  return TERM_CODECS[normaliseTerm(term)] ?? 'latin1';
}

function escapeAt(bytes: Uint8Array, at: number): { length: number; codec: Codec } | null {
  for (const [seq, codec] of ESCAPES) {
    let ok = at + seq.length < bytes.length;
    for (let k = 0; ok && k < seq.length; k++) ok = bytes[at + 1 + k] === seq.charCodeAt(k);
    if (ok) return { length: 1 + seq.length, codec };
  }
  return null;
}

/** Codecs that hold a G0 (7-bit) multi-byte set: its bytes may equal a delimiter, so it runs to the next ESC. */
const G0_MULTIBYTE = new Set<Codec>(['jis0208', 'jis0212']);

function decodeIso2022(bytes: Uint8Array, first: Codec, delimiters: ReadonlySet<number>): string {
  let out = '';
  let start = 0;
  while (start < bytes.length) {
    let end = bytes.indexOf(ESC, start + 1);
    if (end < 0) end = bytes.length;
    if (bytes[start] !== ESC) {
      out += decodeWith(bytes.subarray(start, end), first);
    } else {
      const esc = escapeAt(bytes, start);
      if (!esc) {
        // An unknown escape sequence: drop the ESC, decode the rest as value 1 would.
        out += decodeWith(bytes.subarray(start + 1, end), first);
      } else {
        const body = bytes.subarray(start + esc.length, end);
        let cut = body.length;
        if (!G0_MULTIBYTE.has(esc.codec)) {
          for (let i = 0; i < body.length; i++)
            if (delimiters.has(body[i])) {
              cut = i;
              break;
            }
        }
        out += decodeWith(body.subarray(0, cut), esc.codec) + decodeWith(body.subarray(cut), first);
      }
    }
    start = end;
  }
  return out;
}

/**
 * The text of a value's raw bytes. `characterSets` is (0008,0005) as read (a backslash-separated string) or its
 * terms; VRs outside PN/LO/SH/ST/LT/UT/UC are decoded as the default repertoire (bytes as Latin-1). Padding is
 * not removed (see `trimDicomText`).
 */
export function decodeDicomText(bytes: Uint8Array, vr: string | undefined, characterSets?: string | readonly string[] | null): string {
  const upperVr = (vr ?? '').toUpperCase();
  // An unknown VR (implicit VR with no dictionary entry) is decoded with the data set's set: text shown for it
  // is then right when it is text at all.
  if (upperVr && !EXTENDED_TEXT_VRS.has(upperVr)) return latin1(bytes);
  const terms = parseSpecificCharacterSet(characterSets ?? undefined);
  const first = codecOf(terms[0]);
  if (!bytes.includes(ESC)) return decodeWith(bytes, first);
  // Escape sequences are honoured wherever they appear (as pydicom does), even when (0008,0005) forgot to list
  // the code element they designate: showing the characters the bytes mean is safer than showing escape codes.
  return decodeIso2022(bytes, first, DELIMITERS[upperVr] ?? DELIMITERS.PN);
}

/** Removes what DICOM pads or ends a text value with: a NUL and anything after it, trailing (and leading) spaces. */
export function trimDicomText(text: string, vr?: string): string {
  const nul = text.indexOf('\0');
  const s = nul >= 0 ? text.slice(0, nul) : text;
  // Leading spaces are significant in ST, LT, UT and UR; trailing ones are padding everywhere.
  return vr && ['ST', 'LT', 'UT', 'UR'].includes(vr.toUpperCase()) ? s.replace(/\s+$/, '') : s.trim();
}

/** The parts of a dicom-parser DataSet the text helpers read (structural, so this module needs no runtime import). */
interface TextDataSet {
  byteArray: Uint8Array;
  elements: Record<string, { dataOffset: number; length: number; vr?: string } | undefined>;
}

/** The raw bytes of an element's value, or undefined when absent or outside the bytes held. */
export function rawValue(ds: TextDataSet, tag: string): Uint8Array | undefined {
  const el = ds.elements[tag];
  if (!el || el.length === undefined || el.dataOffset === undefined || el.length < 0) return undefined;
  const end = Math.min(ds.byteArray.length, el.dataOffset + el.length);
  if (el.dataOffset > end) return undefined;
  return ds.byteArray.subarray(el.dataOffset, end);
}

/**
 * The character sets that apply to a data set's values: its own (0008,0005), or, for a sequence item that has
 * none, those of the data set that holds the sequence (`inherited`).
 */
export function characterSetsOf(ds: TextDataSet, inherited?: readonly string[]): string[] {
  const raw = rawValue(ds, 'x00080005');
  if (raw === undefined) return inherited ? [...inherited] : [''];
  return parseSpecificCharacterSet(latin1(raw));
}

/** A text element's value, decoded under `characterSets` and with its padding removed ('' when absent). */
export function textValue(ds: TextDataSet, tag: string, vr: string | undefined, characterSets: readonly string[]): string {
  const raw = rawValue(ds, tag);
  if (!raw) return '';
  return trimDicomText(decodeDicomText(raw, ds.elements[tag]?.vr ?? vr, characterSets), ds.elements[tag]?.vr ?? vr);
}

/**
 * A decoded PN value for display: each value (\\) and each component group (alphabetic = ideographic = phonetic)
 * as "Family, Given, Middle"; groups joined with " = ", values with "; ". "Yamada^Tarou=山田^太郎" ->
 * "Yamada, Tarou = 山田, 太郎".
 */
export function formatPersonName(raw: string): string {
  if (!raw) return '';
  return raw
    .split('\\')
    .map((value) =>
      value
        .split('=')
        .map((group) =>
          group
            .split('^')
            .slice(0, 3)
            .map((c) => c.trim())
            .filter(Boolean)
            .join(', '),
        )
        .filter(Boolean)
        .join(' = '),
    )
    .filter(Boolean)
    .join('; ');
}
