// Copies of the SIIM chest CR whose Pixel Spacing is zero, negative, NaN or not a number (real archives hold
// `0.000\0.000`), written at run time into a temporary folder (never into the repo).
import { writeCrCopies } from './crCopies';

/** File name -> the Pixel Spacing (0028,0030) values, written as they are. */
export const DEGENERATE_SPACINGS: Record<string, [string, string]> = {
  'spacing-zero.dcm': ['0.000', '0.000'],
  'spacing-negative.dcm': ['-0.168', '0.168'],
  'spacing-nan.dcm': ['NaN', 'NaN'],
  'spacing-text.dcm': ['abc', '0.168'],
};

/** Writes every variant; returns their paths. */
export function writeDegenerateSpacingFiles(): string[] {
  // Strings are written verbatim by dcmjs (numbers would be re-formatted).
  return writeCrCopies(Object.keys(DEGENERATE_SPACINGS), (dict, name) => {
    dict.dict['00280030'] = { vr: 'DS', Value: DEGENERATE_SPACINGS[name] };
  });
}
