// SOP classes StatRead recognises by name, and which of them are never images.
const NAMES: Record<string, string> = {
  '1.2.840.10008.1.3.10': 'Media Storage Directory (DICOMDIR)',
  '1.2.840.10008.5.1.4.1.1.1': 'CR Image',
  '1.2.840.10008.5.1.4.1.1.1.1': 'Digital X-Ray Image (presentation)',
  '1.2.840.10008.5.1.4.1.1.1.1.1': 'Digital X-Ray Image (processing)',
  '1.2.840.10008.5.1.4.1.1.2': 'CT Image',
  '1.2.840.10008.5.1.4.1.1.2.1': 'Enhanced CT Image',
  '1.2.840.10008.5.1.4.1.1.4': 'MR Image',
  '1.2.840.10008.5.1.4.1.1.6.1': 'Ultrasound Image',
  '1.2.840.10008.5.1.4.1.1.7': 'Secondary Capture Image',
  '1.2.840.10008.5.1.4.1.1.66.4': 'Segmentation',
  '1.2.840.10008.5.1.4.1.1.481.2': 'RT Dose',
  '1.2.840.10008.5.1.4.1.1.481.3': 'RT Structure Set',
  '1.2.840.10008.5.1.4.1.1.481.5': 'RT Plan',
  '1.2.840.10008.5.1.4.1.1.9.1.1': '12-lead ECG Waveform',
  '1.2.840.10008.5.1.4.1.1.104.1': 'Encapsulated PDF',
};

export function sopClassName(uid: string | undefined): string {
  if (!uid) return 'unknown SOP class';
  if (NAMES[uid]) return NAMES[uid];
  if (uid.startsWith('1.2.840.10008.5.1.4.1.1.88.')) return 'Structured Report';
  if (uid.startsWith('1.2.840.10008.5.1.4.1.1.9.')) return 'Waveform';
  if (uid.startsWith('1.2.840.10008.5.1.4.1.1.11.')) return 'Presentation State';
  return uid;
}

/** Non-image objects that are skipped even before looking for Pixel Data. */
export function isNonImageSopClass(uid: string | undefined): boolean {
  if (!uid) return false;
  return (
    uid === '1.2.840.10008.1.3.10' ||
    uid.startsWith('1.2.840.10008.5.1.4.1.1.88.') ||
    uid.startsWith('1.2.840.10008.5.1.4.1.1.9.') ||
    uid.startsWith('1.2.840.10008.5.1.4.1.1.11.') ||
    uid === '1.2.840.10008.5.1.4.1.1.104.1' ||
    uid === '1.2.840.10008.5.1.4.1.1.481.3' ||
    uid === '1.2.840.10008.5.1.4.1.1.481.5'
  );
}
