// Writes <file>.br (brotli, quality 11) and <file>.gz (gzip, level 9) next to every compressible
// file of dist, where the result is smaller, so that the server sends the smallest bytes a browser
// accepts without compressing anything while it runs (web.go chooses by Accept-Encoding). Both
// codings give the same bytes on every run: brotli writes no time, and the gzip header's time is
// 0, so `make check-generated` can compare dist with the commit. `npm run build` runs it last.
import { readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { extname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip as gzipAsync } from 'node:zlib';

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

// Asynchronous: the files are compressed on libuv's threads at once, which halves the time on two
// cores; each file's bytes do not depend on the order.
const brotli = (data) =>
  promisify(brotliCompress)(data, {
    params: {
      [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
      [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
      [constants.BROTLI_PARAM_SIZE_HINT]: data.length,
    },
  });

const gzip = async (data) => {
  const out = await promisify(gzipAsync)(data, { level: constants.Z_BEST_COMPRESSION });
  // RFC 1952: bytes 4–7 are the time, which must stay 0 for the build to repeat.
  if (out.readUInt32LE(4) !== 0) throw new Error('compress: gzip header carries a time');
  return out;
};

// Variants of an earlier build go first: their originals may be gone.
for (const p of [...files(dist)]) if (['.br', '.gz'].includes(extname(p))) rmSync(p);

const rows = await Promise.all(
  [...files(dist)]
    .filter((p) => compressible.has(extname(p)))
    .map(async (p) => {
      const data = readFileSync(p);
      const row = { file: relative(dist, p), raw: data.length, gzip: '', br: '' };
      const [br, gz] = await Promise.all([brotli(data), gzip(data)]);
      for (const [suffix, coded, column] of [['.br', br, 'br'], ['.gz', gz, 'gzip']]) {
        if (coded.length < data.length) {
          writeFileSync(p + suffix, coded);
          row[column] = coded.length;
        }
      }
      return row;
    }),
);

if (process.argv.includes('--report')) {
  console.log('| file | raw | gzip -9 | brotli 11 |\n|---|--:|--:|--:|');
  for (const r of rows) console.log(`| ${r.file} | ${r.raw} | ${r.gzip} | ${r.br} |`);
}
