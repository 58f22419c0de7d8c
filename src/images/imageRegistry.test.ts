// The image registry: entries by id, frames of one file by their shared Blob, and release through hooks that
// still see the entries, in the order registered, before the registry forgets them.
import { afterEach, describe, expect, it } from 'vitest';
import { imageRegistry } from './imageRegistry';
import type { ImageEntry } from './types';
import { imageEntryFixture } from './imageEntryFixture';

function entry(imageId: string, source: Blob, frame = 0, patch: Partial<ImageEntry> = {}): ImageEntry {
  return imageEntryFixture(imageId, source, { fileName: 'a.dcm', path: 'dir/a.dcm', frame, ...patch });
}

const removers: (() => void)[] = [];
function hook(fn: (entries: ImageEntry[]) => void): void {
  removers.push(imageRegistry.onRelease(fn));
}

afterEach(() => {
  while (removers.length) removers.pop()!();
  imageRegistry.release(imageRegistry.ids());
  expect(imageRegistry.size()).toBe(0);
});

describe('imageRegistry', () => {
  it('adds and gets entries by id, in the order added', () => {
    const file = new Blob([new Uint8Array([1, 2, 3])]);
    const png = new Blob([new Uint8Array([4])]);
    imageRegistry.add([entry('dicomfile:0', file)]);
    imageRegistry.add([
      entry('statread-web:0', png, 0, {
        kind: 'web',
        fileName: 'x.png',
        web: { format: 'png', info: { width: 2, height: 3, samplesPerPixel: 1, bitsStored: 8 } },
      }),
    ]);
    expect(imageRegistry.size()).toBe(2);
    expect(imageRegistry.ids()).toEqual(['dicomfile:0', 'statread-web:0']);
    expect(imageRegistry.has('dicomfile:0')).toBe(true);
    expect(imageRegistry.get('dicomfile:0')?.source).toBe(file);
    expect(imageRegistry.get('statread-web:0')?.web?.info).toEqual({ width: 2, height: 3, samplesPerPixel: 1, bitsStored: 8 });
    expect(imageRegistry.get('dicomfile:9')).toBeUndefined();
    expect(imageRegistry.get(null)).toBeUndefined();
    expect(imageRegistry.get(undefined)).toBeUndefined();
    expect(imageRegistry.get('')).toBeUndefined();
  });

  it('sets the result key of a known image and ignores unknown ones', () => {
    const file = new Blob(['x']);
    imageRegistry.add([entry('dicomfile:1', file)]);
    imageRegistry.setResultKey('dicomfile:1', 'model@1|sop:1.2.3');
    expect(imageRegistry.get('dicomfile:1')?.resultKey).toBe('model@1|sop:1.2.3');
    imageRegistry.setResultKey('dicomfile:1', null);
    expect(imageRegistry.get('dicomfile:1')?.resultKey).toBeNull();
    imageRegistry.setResultKey('dicomfile:404', 'k');
    expect(imageRegistry.has('dicomfile:404')).toBe(false);
    expect(imageRegistry.framesOf(file).map((e) => e.imageId)).toEqual(['dicomfile:1']);
  });

  it('lists the frames of one file by its Blob, in frame order, and only those', () => {
    const multi = new Blob(['multi-frame']);
    const other = new Blob(['multi-frame']); // same bytes, another file
    imageRegistry.add([entry('dicomfile:2?frame=3', multi, 2), entry('dicomfile:2?frame=1', multi, 0), entry('dicomfile:3', other)]);
    imageRegistry.add([entry('dicomfile:2?frame=2', multi, 1)]);
    expect(imageRegistry.framesOf(multi).map((e) => e.imageId)).toEqual(['dicomfile:2?frame=1', 'dicomfile:2?frame=2', 'dicomfile:2?frame=3']);
    expect(imageRegistry.framesOf(other).map((e) => e.imageId)).toEqual(['dicomfile:3']);
    expect(imageRegistry.framesOf(new Blob(['multi-frame']))).toEqual([]);
    imageRegistry.release(['dicomfile:2?frame=2']);
    expect(imageRegistry.framesOf(multi).map((e) => e.frame)).toEqual([0, 2]);
    imageRegistry.release(['dicomfile:2?frame=1', 'dicomfile:2?frame=3']);
    expect(imageRegistry.framesOf(multi)).toEqual([]);
  });

  it('runs release hooks in the order registered, while the entries are still readable, then forgets them', () => {
    const a = new Blob(['a']);
    const b = new Blob(['b']);
    imageRegistry.add([entry('dicomfile:4', a), entry('dicomfile:5', b), entry('dicomfile:6', b, 1)]);
    const calls: string[] = [];
    hook((es) => {
      calls.push(`first:${es.map((e) => e.imageId).join(',')}`);
      // Still readable: a hook can look up what it needs (e.g. the data set) by id.
      for (const e of es) expect(imageRegistry.get(e.imageId)).toBe(e);
      expect(imageRegistry.size()).toBe(3);
    });
    hook((es) => calls.push(`second:${es.length}`));
    imageRegistry.release(['dicomfile:4', 'dicomfile:4', 'dicomfile:5']);
    expect(calls).toEqual(['first:dicomfile:4,dicomfile:5', 'second:2']);
    expect(imageRegistry.ids()).toEqual(['dicomfile:6']);
    expect(imageRegistry.framesOf(a)).toEqual([]);
    expect(imageRegistry.framesOf(b).map((e) => e.imageId)).toEqual(['dicomfile:6']);
  });

  it('does nothing when releasing unknown ids, and passes only known entries to hooks', () => {
    imageRegistry.add([entry('dicomfile:7', new Blob(['7']))]);
    const seen: string[][] = [];
    hook((es) => seen.push(es.map((e) => e.imageId)));
    imageRegistry.release(['dicomfile:999', 'statread-web:999']);
    imageRegistry.release([]);
    expect(seen).toEqual([]);
    expect(imageRegistry.size()).toBe(1);
    imageRegistry.release(['dicomfile:999', 'dicomfile:7']);
    expect(seen).toEqual([['dicomfile:7']]);
    imageRegistry.release(['dicomfile:7']);
    expect(seen).toHaveLength(1);
  });

  it('stops calling a hook once it is removed', () => {
    let calls = 0;
    const remove = imageRegistry.onRelease(() => calls++);
    imageRegistry.add([entry('dicomfile:8', new Blob(['8']))]);
    remove();
    imageRegistry.release(['dicomfile:8']);
    expect(calls).toBe(0);
    expect(imageRegistry.size()).toBe(0);
  });

  it('forgets the entries and runs the other hooks when one hook throws, then reports the error', () => {
    imageRegistry.add([entry('dicomfile:10', new Blob(['10']))]);
    const after: string[] = [];
    hook(() => {
      throw new Error('cache gone');
    });
    hook((es) => after.push(...es.map((e) => e.imageId)));
    expect(() => imageRegistry.release(['dicomfile:10'])).toThrow('cache gone');
    expect(after).toEqual(['dicomfile:10']);
    expect(imageRegistry.has('dicomfile:10')).toBe(false);
  });

  it('does not run hooks twice when a hook releases the same images again', () => {
    imageRegistry.add([entry('dicomfile:11', new Blob(['11']))]);
    let calls = 0;
    hook((es) => {
      calls++;
      imageRegistry.release(es.map((e) => e.imageId));
    });
    imageRegistry.release(['dicomfile:11']);
    expect(calls).toBe(1);
    expect(imageRegistry.size()).toBe(0);
  });
});
