// Writes <file>.br (brotli, quality 11) and <file>.gz (gzip, level 9) next to every compressible
// file of dist, where the result is smaller, so that the server sends the smallest bytes a browser
// accepts without compressing anything while it runs (web.go chooses by Accept-Encoding). Both
// codings give the same bytes on every run: brotli writes no time, and the gzip header's time is
// 0, so `make check-generated` can compare dist with the commit. `npm run build` runs it last.
import { readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { extname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const dist = fileURLToPath(new URL('../dist', import.meta.url));

// Text formats; images other than SVG and icons are compressed already.
const compressible = new Set(['.js', '.mjs', '.css', '.html', '.svg', '.ico', '.json', '.map', '.txt', '.xml', '.webmanifest']);

function* files(dir) {
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) yield* files(p);
    else yield p;
  }
}

const brotli = (data) =>
  brotliCompressSync(data, {
    params: {
      [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
      [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
      [constants.BROTLI_PARAM_SIZE_HINT]: data.length,
    },
  });

const gzip = (data) => {
  const out = gzipSync(data, { level: constants.Z_BEST_COMPRESSION });
  // RFC 1952: bytes 4–7 are the time, which must stay 0 for the build to repeat.
  if (out.readUInt32LE(4) !== 0) throw new Error('compress: gzip header carries a time');
  return out;
};

// Variants of an earlier build go first: their originals may be gone.
for (const p of [...files(dist)]) if (['.br', '.gz'].includes(extname(p))) rmSync(p);

const rows = [];
for (const p of [...files(dist)]) {
  const ext = extname(p);
  if (!compressible.has(ext)) continue;
  const data = readFileSync(p);
  const row = { file: relative(dist, p), raw: data.length, gzip: '', br: '' };
  for (const [suffix, encode, column] of [['.br', brotli, 'br'], ['.gz', gzip, 'gzip']]) {
    const coded = encode(data);
    if (coded.length < data.length) {
      writeFileSync(p + suffix, coded);
      row[column] = coded.length;
    }
  }
  rows.push(row);
}

if (process.argv.includes('--report')) {
  console.log('| file | raw | gzip -9 | brotli 11 |\n|---|--:|--:|--:|');
  for (const r of rows) console.log(`| ${r.file} | ${r.raw} | ${r.gzip} | ${r.br} |`);
}
