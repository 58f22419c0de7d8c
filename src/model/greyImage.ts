// The decoded image every consumer of src/model works with: displayed grey levels in [0,1], MONOCHROME2 sense
// (0 = black, 1 = white), plus what the file said about itself (used by the inference gate).

export type ImageFormat = 'dicom' | 'png' | 'jpeg' | 'bmp';

/** How the grey levels were obtained from stored values (DICOM) or samples (PNG/JPEG/BMP). */
export type VoiSource =
  | { kind: 'window'; center: number; width: number; fn: 'LINEAR' | 'LINEAR_EXACT' | 'SIGMOID' }
  | { kind: 'voi-lut' }
  | { kind: 'min-max'; min: number; max: number }
  | { kind: 'full-range'; maxValue: number };

export interface ImageSourceInfo {
  format: ImageFormat;
  fileName: string;
  /** DICOM only (undefined otherwise): what the header says. */
  modality?: string;
  bodyPart?: string;
  viewPosition?: string;
  photometric?: string;
  sopInstanceUID?: string;
  sopClassUID?: string;
  studyInstanceUID?: string;
  seriesInstanceUID?: string;
  seriesDescription?: string;
  studyDescription?: string;
  patientOrientation?: string;
  imageLaterality?: string;
  transferSyntaxUID?: string;
  numberOfFrames?: number;
  frame?: number;
  bitsStored?: number;
  /** Row, column spacing in mm (PixelSpacing, else ImagerPixelSpacing). */
  pixelSpacing?: [number, number];
  /** PNG/JPEG/BMP: the file had colour (converted to luminance). DICOM: samples per pixel was 3 or palette. */
  colour: boolean;
  voi: VoiSource;
}

export interface GreyImage {
  width: number;
  height: number;
  /** Row-major, width*height grey levels in [0,1] (MONOCHROME2 sense). */
  data: Float32Array;
  source: ImageSourceInfo;
}
