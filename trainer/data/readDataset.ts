// Detects a dataset's published layout from the folder's contents and reads it.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { readChexpert } from './chexpert';
import type { ChexpertOptions } from './chexpert';
import { readFolders } from './folders';
import { findNihCsv, readNih } from './nih';
import type { Dataset, DatasetLayout } from './sample';
import { readSiim } from './siim';

export function detectLayout(dir: string): DatasetLayout {
  if (!existsSync(dir)) throw new Error(`${dir}: no such folder`);
  if (findNihCsv(dir)) return 'nih';
  if (existsSync(join(dir, 'train-rle.csv'))) return 'siim';
  if (existsSync(join(dir, 'train.csv')) || existsSync(join(dir, 'valid.csv'))) return 'chexpert';
  return 'folders';
}

export interface ReadDatasetOptions {
  layout?: DatasetLayout;
  chexpert?: ChexpertOptions;
}

export function readDataset(dir: string, options: ReadDatasetOptions = {}): Dataset {
  const layout = options.layout ?? detectLayout(dir);
  switch (layout) {
    case 'nih':
      return readNih(dir);
    case 'chexpert':
      return readChexpert(dir, options.chexpert);
    case 'siim':
      return readSiim(dir);
    case 'folders':
      return readFolders(dir);
  }
}
