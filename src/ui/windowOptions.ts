// The window presets offered for the current image (file window pairs, VOI LUTs, full range).
import { viewportController, type WindowOption } from '../viewer/viewportController';
import { currentImageId } from './navigation';

export function windowOptionsForCurrent(): WindowOption[] {
  const id = currentImageId();
  return id ? viewportController.windowOptions(id) : [];
}
