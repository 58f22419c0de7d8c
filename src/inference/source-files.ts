// The original file behind each opened image (by Cornerstone image id), so the worker scores the file's own
// pixels (modality + VOI from the header) rather than anything drawn on screen. Filled by file intake.
export interface SourceFile {
  file: Blob;
  fileName: string;
  frame: number;
}

const files = new Map<string, SourceFile>();

export function rememberSourceFile(imageId: string, file: Blob, fileName: string, frame: number): void {
  files.set(imageId, { file, fileName, frame });
}

export function getSourceFile(imageId: string): SourceFile | undefined {
  return files.get(imageId);
}

/** Forgets an image's original file (its study was closed: src/dicom/releaseImages.ts). */
export function forgetSourceFile(imageId: string): void {
  files.delete(imageId);
}
