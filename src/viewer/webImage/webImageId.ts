// Display ids of PNG/JPEG images (statread-web:N): the web image loader is registered for this scheme.
export const WEB_IMAGE_SCHEME = 'statread-web';

let counter = 0;

/** A fresh id for an opened PNG/JPEG (never reused in the page's life). */
export function newWebImageId(): string {
  return `${WEB_IMAGE_SCHEME}:${counter++}`;
}
