// Transfer syntaxes and what StatRead can do with them (the set Cornerstone's codecs decode).
import { TRANSFER_SYNTAX_NAMES } from '../model/transferSyntaxNames';

export const IMPLICIT_LE = '1.2.840.10008.1.2';
export const EXPLICIT_LE = '1.2.840.10008.1.2.1';
export const EXPLICIT_BE = '1.2.840.10008.1.2.2';

const NAMES = TRANSFER_SYNTAX_NAMES;

/** Transfer syntaxes whose pixel data Cornerstone 5.14's dicom-image-loader decodes. */
export const SUPPORTED_TRANSFER_SYNTAXES: ReadonlySet<string> = new Set([
  IMPLICIT_LE,
  EXPLICIT_LE,
  EXPLICIT_BE,
  '1.2.840.10008.1.2.1.99',
  '1.2.840.10008.1.2.5',
  '1.2.840.10008.1.2.4.50',
  '1.2.840.10008.1.2.4.51',
  '1.2.840.10008.1.2.4.53',
  '1.2.840.10008.1.2.4.55',
  '1.2.840.10008.1.2.4.57',
  '1.2.840.10008.1.2.4.70',
  '1.2.840.10008.1.2.4.80',
  '1.2.840.10008.1.2.4.81',
  '1.2.840.10008.1.2.4.90',
  '1.2.840.10008.1.2.4.91',
  '1.2.840.10008.1.2.4.201',
  '1.2.840.10008.1.2.4.202',
  '1.2.840.10008.1.2.4.203',
]);

export function transferSyntaxName(uid: string): string {
  return NAMES[uid] ?? 'unknown transfer syntax';
}

export function isEncapsulated(uid: string): boolean {
  return !(uid === IMPLICIT_LE || uid === EXPLICIT_LE || uid === EXPLICIT_BE || uid === '1.2.840.10008.1.2.1.99');
}
