// Copies the explorer's files (GraphiQL and the React it runs on) from node_modules into
// dist/assets/explorer, their versions in their names, so that /graphiql works without the
// internet: district offices often have none. `npm run build` runs it after vite build.
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const out = join(root, 'dist', 'assets', 'explorer');
mkdirSync(out, { recursive: true });

const files = [
  ['graphiql', 'graphiql.min.js', 'graphiql'],
  ['graphiql', 'graphiql.min.css', 'graphiql'],
  ['react', 'umd/react.production.min.js', 'react'],
  ['react-dom', 'umd/react-dom.production.min.js', 'react-dom'],
];
for (const [pkg, file, name] of files) {
  const dir = join(root, 'node_modules', pkg);
  const { version } = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  const ext = file.endsWith('.css') ? 'css' : 'js';
  copyFileSync(join(dir, file), join(out, `${name}-${version}.min.${ext}`));
}
