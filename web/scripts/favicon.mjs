// Writes dist/favicon.ico: the picture of public/favicon.svg (three white bars on the app's blue,
// rounded corners) drawn at 16 and 32 pixels, for the browsers, feed readers and bookmarks that
// ask for /favicon.ico whatever the page links. Drawn here rather than committed as a binary, and
// the same bytes on every run. `npm run build` runs it after vite build.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const out = fileURLToPath(new URL('../dist/favicon.ico', import.meta.url));

// The picture on the SVG's 32 × 32 grid.
const blue = [0x00, 0x72, 0xb2];
const white = [0xff, 0xff, 0xff];
const radius = 6;
const bars = [
  [6, 17, 12, 26],
  [13, 12, 19, 26],
  [20, 6, 26, 26],
]; // x0, y0, x1, y1

// coverage is how much of the unit square at (x, y) of the 32 grid lies inside the rounded
// square, by 4 × 4 samples.
function coverage(x, y) {
  let inside = 0;
  for (let i = 0; i < 4; i++) {
    for (let j = 0; j < 4; j++) {
      const sx = x + (i + 0.5) / 4;
      const sy = y + (j + 0.5) / 4;
      const cx = Math.min(Math.max(sx, radius), 32 - radius);
      const cy = Math.min(Math.max(sy, radius), 32 - radius);
      if ((sx - cx) ** 2 + (sy - cy) ** 2 <= radius ** 2) inside++;
    }
  }
  return inside / 16;
}

const onBar = (x, y) => bars.some(([x0, y0, x1, y1]) => x >= x0 && x < x1 && y >= y0 && y < y1);

// image returns one icon image of size × size pixels: a BITMAPINFOHEADER, BGRA rows bottom up,
// and the 1-bit AND mask (all zero: the alpha channel decides).
function image(size) {
  const scale = 32 / size;
  const maskRow = Math.ceil(size / 32) * 4;
  const header = Buffer.alloc(40);
  header.writeUInt32LE(40, 0);
  header.writeInt32LE(size, 4);
  header.writeInt32LE(size * 2, 8); // the colour rows and the mask rows
  header.writeUInt16LE(1, 12);
  header.writeUInt16LE(32, 14);
  const pixels = Buffer.alloc(size * size * 4);
  for (let row = 0; row < size; row++) {
    const y = size - 1 - row;
    for (let x = 0; x < size; x++) {
      // Average the 32-grid cells this pixel covers.
      let alpha = 0;
      let barShare = 0;
      for (let dy = 0; dy < scale; dy++) {
        for (let dx = 0; dx < scale; dx++) {
          const gx = x * scale + dx;
          const gy = y * scale + dy;
          const c = coverage(gx, gy);
          alpha += c;
          if (onBar(gx, gy)) barShare += c;
        }
      }
      const colour = blue.map((b, k) => Math.round(b + ((white[k] - b) * barShare) / Math.max(alpha, 1e-9)));
      const o = (row * size + x) * 4;
      pixels[o] = colour[2];
      pixels[o + 1] = colour[1];
      pixels[o + 2] = colour[0];
      pixels[o + 3] = Math.round((255 * alpha) / (scale * scale));
    }
  }
  return Buffer.concat([header, pixels, Buffer.alloc(maskRow * size)]);
}

const sizes = [16, 32];
const images = sizes.map(image);
const dir = Buffer.alloc(6 + 16 * sizes.length);
dir.writeUInt16LE(0, 0);
dir.writeUInt16LE(1, 2); // an icon
dir.writeUInt16LE(sizes.length, 4);
let offset = dir.length;
sizes.forEach((size, i) => {
  const e = 6 + 16 * i;
  dir.writeUInt8(size, e);
  dir.writeUInt8(size, e + 1);
  dir.writeUInt16LE(1, e + 4); // planes
  dir.writeUInt16LE(32, e + 6); // bits per pixel
  dir.writeUInt32LE(images[i].length, e + 8);
  dir.writeUInt32LE(offset, e + 12);
  offset += images[i].length;
});
writeFileSync(out, Buffer.concat([dir, ...images]));
