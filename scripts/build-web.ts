import { copyFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** Copied as they are; the script is bundled. */
const STATIC_FILES = ['index.html', 'style.css'] as const;

/**
 * Bundles the web page into `outdir`: one classic script (not a module, so the page also runs
 * from file://, where browsers refuse module scripts) with the engine, the renderers and
 * Graphviz's WebAssembly inside, and the page and stylesheet beside it.
 */
export async function buildWeb(outdir = path.join(ROOT, 'dist/web')): Promise<void> {
  mkdirSync(outdir, { recursive: true });
  await build({
    entryPoints: [path.join(ROOT, 'web/app.ts')],
    outfile: path.join(outdir, 'app.js'),
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    legalComments: 'eof',
    logLevel: 'warning',
  });
  for (const name of STATIC_FILES) {
    copyFileSync(path.join(ROOT, 'web', name), path.join(outdir, name));
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await buildWeb(process.argv[2]);
}
