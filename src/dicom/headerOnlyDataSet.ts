// The parsed header of a DICOM file without the file's bytes. dicom-parser's DataSet keeps the whole file
// (pixel data included) in `byteArray`; StatRead keeps a data set per opened file for the tag browser and the
// VOI LUT Sequence, so for hundreds of files that is hundreds of megabytes. This re-parses a copy of the bytes
// up to the Pixel Data element, so only the header stays in memory (the viewer's loader and the AI worker read
// the pixels from the file when they need them).
import { parseDicom, type DataSet } from 'dicom-parser';

const DEFLATED = '1.2.840.10008.1.2.1.99';
/** Smaller files are kept as they are (copying saves nothing worth having). */
const KEEP_BELOW = 64 * 1024;

export function headerOnlyDataSet(ds: DataSet, transferSyntaxUid: string): DataSet {
  const pd = ds.elements.x7fe00010;
  if (!pd || ds.byteArray.length < KEEP_BELOW || transferSyntaxUid === DEFLATED) return ds;
  if (pd.dataOffset === undefined || pd.dataOffset <= 0 || pd.dataOffset > ds.byteArray.length) return ds;
  try {
    const head = ds.byteArray.slice(0, pd.dataOffset);
    const slim = parseDicom(head, { untilTag: 'x7fe00010', TransferSyntaxUID: transferSyntaxUid });
    if (!slim.elements.x7fe00010) return ds;
    // Keep what the tag browser says about the pixel data (its length, fragments); its bytes are not here.
    slim.elements.x7fe00010 = { ...pd };
    return slim;
  } catch {
    return ds;
  }
}
