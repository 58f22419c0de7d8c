// The DICOM text decoder: every character set of PS3.3 C.12.1.1.2, ISO 2022 escapes and the VRs that use them.
import { describe, expect, it } from 'vitest';
import { characterSetsOf, decodeDicomText, formatPersonName, parseSpecificCharacterSet, textValue, trimDicomText } from './dicomText';

const b = (...parts: (string | number[])[]) => new Uint8Array(parts.flatMap((p) => (typeof p === 'string' ? [...p].map((c) => c.charCodeAt(0)) : p)));
const ESC = 0x1b;

describe('decodeDicomText', () => {
  it('decodes the single-byte sets', () => {
    const cases: [string, number[], string][] = [
      ['', [0x41, 0xe9], 'Aé'], // default repertoire read leniently as Latin-1
      ['ISO_IR 6', [0x41], 'A'],
      ['ISO_IR 100', [0xe9, 0xf4], 'éô'],
      ['ISO_IR 101', [0xb1, 0xe8], 'ąč'],
      ['ISO_IR 109', [0xa6, 0xfd], 'Ĥŭ'],
      ['ISO_IR 110', [0xa1, 0xbd], 'ĄŊ'],
      ['ISO_IR 144', [0xbb, 0xee], 'Лю'],
      ['ISO_IR 127', [0xe2, 0xc8], 'قب'],
      ['ISO_IR 126', [0xc4, 0xe9], 'Δι'],
      ['ISO_IR 138', [0xf9, 0xf8], 'שר'],
      ['ISO_IR 148', [0xd0, 0xfe], 'Ğş'],
      ['ISO_IR 13', [0xd4, 0xcf, 0x5e], 'ﾔﾏ^'],
      ['ISO_IR 166', [0xa1, 0xd0], 'กะ'],
    ];
    for (const [cs, bytes, text] of cases) expect(decodeDicomText(new Uint8Array(bytes), 'PN', cs), cs).toBe(text);
  });

  it('decodes UTF-8, GB18030 and GBK, whose bytes may equal a delimiter', () => {
    expect(decodeDicomText(b([0xe7, 0x8e, 0x8b]), 'PN', 'ISO_IR 192')).toBe('王');
    expect(decodeDicomText(b([0xcd, 0xf5, 0x5e, 0x81, 0x30, 0x81, 0x30]), 'PN', 'GB18030')).toBe('王^\u0080');
    // 0x95 0x5C is one GBK character; the 0x5C is not a value delimiter.
    expect(decodeDicomText(b([0x95, 0x5c]), 'LO', 'GBK')).toBe('\u661e');
  });

  it('switches code elements on ISO 2022 escapes and back to value 1 at PN delimiters', () => {
    const h31 = b('Yamada^Tarou=', [ESC], '$B;3ED', [ESC], '(B^', [ESC], '$BB@O:', [ESC], '(B');
    expect(decodeDicomText(h31, 'PN', '\\ISO 2022 IR 87')).toBe('Yamada^Tarou=山田^太郎');
    // Korean (G1): the escape is repeated after each delimiter because the delimiter resets to value 1.
    const i2 = b('Hong^Gildong=', [ESC], '$)C', [0xfb, 0xf3], '^', [ESC], '$)C', [0xd1, 0xce, 0xd4, 0xd7]);
    expect(decodeDicomText(i2, 'PN', ['', 'ISO 2022 IR 149'])).toBe('Hong^Gildong=洪^吉洞');
    // A G1 set without a repeated escape after the delimiter: the rest is value 1 (Latin-1 here), as pydicom does.
    expect(decodeDicomText(b([ESC], '$)C', [0xb1, 0xe6], '^', [0xe9]), 'PN', 'ISO 2022 IR 100\\ISO 2022 IR 149')).toBe('길^é');
    // JIS X 0212 (ISO 2022 IR 159): 0x30 0x21 is 丂.
    expect(decodeDicomText(b([ESC], '$(D', '0!', [ESC], '(B'), 'LO', '\\ISO 2022 IR 159')).toBe('丂');
    // GB 2312 (ISO 2022 IR 58) in G1.
    expect(decodeDicomText(b([ESC], '$)A', [0xcd, 0xf5]), 'PN', '\\ISO 2022 IR 58')).toBe('王');
    // Latin code elements designated to G1 by escape.
    expect(decodeDicomText(b('a', [ESC], '-F', [0xc4], '\\', [0xc4]), 'LO', 'ISO 2022 IR 6\\ISO 2022 IR 126')).toBe('aΔ\\Ä');
    // Half-width Katakana in G1, JIS X 0201 Romaji in G0.
    expect(decodeDicomText(b([0xd4, 0xcf], [ESC], '$B;3', [ESC], '(J^'), 'PN', 'ISO 2022 IR 13\\ISO 2022 IR 87')).toBe('ﾔﾏ山^');
  });

  it('decodes only PN/LO/SH/ST/LT/UT/UC with the extended set', () => {
    const utf8 = b([0xc3, 0xa9]);
    for (const vr of ['PN', 'LO', 'SH', 'ST', 'LT', 'UT', 'UC']) expect(decodeDicomText(utf8, vr, 'ISO_IR 192'), vr).toBe('é');
    for (const vr of ['CS', 'DA', 'UI', 'AE', 'DS', 'IS']) expect(decodeDicomText(utf8, vr, 'ISO_IR 192'), vr).toBe('Ã©');
  });

  it('tolerates unknown terms, odd spellings and unknown escapes', () => {
    expect(decodeDicomText(b([0xe9]), 'PN', 'ISO_IR 999')).toBe('é');
    expect(decodeDicomText(b([0xc3, 0xa9]), 'PN', 'iso-ir 192')).toBe('é');
    expect(decodeDicomText(b('a', [ESC], 'Zb'), 'PN', 'ISO 2022 IR 6')).toBe('aZb');
    expect(decodeDicomText(b('a', [ESC]), 'PN', 'ISO 2022 IR 6')).toBe('a');
  });
});

describe('helpers', () => {
  it('parses (0008,0005), keeping an empty value 1', () => {
    expect(parseSpecificCharacterSet('\\ISO 2022 IR 87 ')).toEqual(['', 'ISO 2022 IR 87']);
    expect(parseSpecificCharacterSet('ISO_IR 192')).toEqual(['ISO_IR 192']);
    expect(parseSpecificCharacterSet(undefined)).toEqual(['']);
  });

  it('reads a data set value with an inherited set', () => {
    const bytes = b('ISO_IR 192', [0xc3, 0xa9, 0x20, 0x20]);
    const ds = { byteArray: bytes, elements: { x00080005: { dataOffset: 0, length: 10 }, x00100010: { dataOffset: 10, length: 4, vr: 'PN' } } };
    expect(characterSetsOf(ds)).toEqual(['ISO_IR 192']);
    expect(textValue(ds, 'x00100010', 'PN', characterSetsOf(ds))).toBe('é');
    const item = { byteArray: bytes, elements: { x00100010: { dataOffset: 10, length: 4 } } };
    expect(characterSetsOf(item, ['ISO_IR 192'])).toEqual(['ISO_IR 192']);
    expect(textValue(item, 'x00100010', 'PN', characterSetsOf(item))).toBe('Ã©');
    expect(textValue(item, 'x00100020', 'LO', [''])).toBe('');
  });

  it('trims padding', () => {
    expect(trimDicomText(' a \0junk', 'LO')).toBe('a');
    expect(trimDicomText('  indented text  ', 'LT')).toBe('  indented text');
  });

  it('formats person names with component groups and values', () => {
    expect(formatPersonName('Yamada^Tarou=山田^太郎=やまだ^たろう')).toBe('Yamada, Tarou = 山田, 太郎 = やまだ, たろう');
    expect(formatPersonName('Wang^XiaoDong=王^小東=')).toBe('Wang, XiaoDong = 王, 小東');
    expect(formatPersonName('DOE^JANE^Q^^')).toBe('DOE, JANE, Q');
    expect(formatPersonName('A^B\\C^D')).toBe('A, B; C, D');
    expect(formatPersonName('')).toBe('');
  });
});
