/**
 * The dependency rule: imports point one way, ui → state → workers → jobs → io → core, and
 * nothing in src/ imports scripts/, server/ or test/. The server (server/) may import core, io
 * and jobs, never the page's state, workers or UI, nor test/. The pure layers (core, io, jobs) import no UI, map,
 * DOM or Node modules (tsconfig.core.json also checks the DOM). Every kind of import counts:
 * `import … from`, `export … from`, side-effect `import 'x'`, `import('x')`, `require('x')` and
 * `new URL('x', import.meta.url)`. The scan must see files in every layer, so it cannot pass on
 * an empty tree.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, test } from 'vitest';

const LAYERS = ['core', 'io', 'jobs', 'workers', 'state', 'ui'] as const;
type LayerName = (typeof LAYERS)[number];

/** Which layers each layer may import from. */
const ALLOWED: Record<LayerName, LayerName[]> = {
  core: ['core'],
  io: ['core', 'io'],
  jobs: ['core', 'io', 'jobs'],
  workers: ['core', 'io', 'jobs', 'workers'],
  state: ['core', 'io', 'jobs', 'workers', 'state'],
  ui: ['core', 'io', 'jobs', 'workers', 'state', 'ui'],
};

const FORBIDDEN_PACKAGES_IN_PURE =
  /^(react|react-dom|maplibre-gl|zustand|idb|playwright-core|vite|node:.*|fs|path|os|child_process|worker_threads|url|crypto|http|https|net|module)(\/|$)/;
/** Styles are the UI's business. */
const STYLE_FILE = /\.(css|scss|less)$/;

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...sourceFiles(path));
    else if (/\.(tsx?|mjs|js)$/.test(name) && !/\.test\.tsx?$/.test(name) && !name.endsWith('.d.ts')) out.push(path);
  }
  return out;
}

/** Every module a source text names, whatever the form of the import. */
export function importsOfText(text: string): string[] {
  const withoutComments = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
  const patterns = [
    /(?:^|[;\s])(?:import|export)\s+(?:type\s+)?[^'"`;]*?\sfrom\s*['"]([^'"]+)['"]/g,
    /(?:^|[;\s])import\s*['"]([^'"]+)['"]/g,
    /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g,
    /\brequire\(\s*['"]([^'"]+)['"]\s*\)/g,
    /\bnew URL\(\s*['"]([^'"]+)['"]\s*,\s*import\.meta\.url/g,
  ];
  const specs: string[] = [];
  for (const pattern of patterns) for (const m of withoutComments.matchAll(pattern)) specs.push(m[1]);
  return specs;
}

function layerOf(path: string): LayerName | null {
  const rel = relative(resolve('src'), path).split(/[\\/]/)[0];
  return (LAYERS as readonly string[]).includes(rel) ? (rel as LayerName) : null;
}

const outsideSrc = (path: string): 'scripts' | 'test' | 'server' | null => {
  const top = relative(resolve('.'), path).split(/[\\/]/)[0];
  return top === 'scripts' || top === 'test' || top === 'server' ? top : null;
};

/** Layers of src/ the server may use: the pure ones. */
const SERVER_MAY_IMPORT: readonly LayerName[] = ['core', 'io', 'jobs'];

/** What is wrong with one server file's imports. */
export function serverFileViolations(file: string, text: string): string[] {
  const found: string[] = [];
  for (const spec of importsOfText(text)) {
    if (!spec.startsWith('.')) {
      if (/^(react|react-dom|maplibre-gl|zustand|idb)(\/|$)/.test(spec)) found.push(`${file}: server imports ${spec}`);
      continue;
    }
    const target = resolve(dirname(file), spec);
    const layer = layerOf(target);
    if (outsideSrc(target) === 'test' || outsideSrc(target) === 'scripts') found.push(`${file}: server imports ${outsideSrc(target)}/ (${spec})`);
    else if (layer && !SERVER_MAY_IMPORT.includes(layer)) found.push(`${file}: server imports ${layer} (${spec})`);
    else if (!layer && relative(resolve('src'), target).split(/[\\/]/)[0] !== '..') found.push(`${file}: server imports src outside core/io/jobs (${spec})`);
  }
  return found;
}

/** What is wrong with one file's imports (file: its path from the repository root). */
export function fileViolations(file: string, text: string): string[] {
  const found: string[] = [];
  const from = layerOf(resolve(file));
  if (!from) return found;
  for (const spec of importsOfText(text)) {
    if (spec.startsWith('.')) {
      const target = resolve(dirname(file), spec);
      const to = layerOf(target);
      const foreign = outsideSrc(target);
      if (foreign) found.push(`${file}: src imports ${foreign}/ (${spec})`);
      else if (to && !ALLOWED[from].includes(to)) found.push(`${file}: ${from} imports ${to} (${spec})`);
      else if (STYLE_FILE.test(spec) && from !== 'ui') found.push(`${file}: ${from} imports a style sheet (${spec})`);
    } else if (['core', 'io', 'jobs'].includes(from) && FORBIDDEN_PACKAGES_IN_PURE.test(spec)) {
      found.push(`${file}: ${from} imports ${spec}`);
    }
  }
  return found;
}

function scan(): { violations: string[]; filesByLayer: Record<string, number>; imports: number } {
  const violations: string[] = [];
  const filesByLayer: Record<string, number> = {};
  let imports = 0;
  for (const file of sourceFiles('src')) {
    const text = readFileSync(file, 'utf8');
    const layer = layerOf(resolve(file)) ?? 'src';
    filesByLayer[layer] = (filesByLayer[layer] ?? 0) + 1;
    imports += importsOfText(text).length;
    violations.push(...fileViolations(file, text));
  }
  // scripts/ (the CLI, generators, benches) may use everything in src/, but nothing of the tests.
  for (const file of sourceFiles('scripts')) {
    filesByLayer.scripts = (filesByLayer.scripts ?? 0) + 1;
    for (const spec of importsOfText(readFileSync(file, 'utf8'))) {
      imports++;
      // code only: a generator may write fixtures into test/ (a folder or data file named by URL)
      const code = /\.(tsx?|mjs|js)$/.test(spec);
      if (code && spec.startsWith('.') && outsideSrc(resolve(dirname(file), spec)) === 'test') violations.push(`${file}: scripts import test/ (${spec})`);
    }
  }
  for (const file of sourceFiles('server')) {
    filesByLayer.server = (filesByLayer.server ?? 0) + 1;
    const text = readFileSync(file, 'utf8');
    imports += importsOfText(text).length;
    violations.push(...serverFileViolations(file, text));
  }
  return { violations, filesByLayer, imports };
}

describe('dependency rule', () => {
  test('the server may use core, io and jobs, never the page or the tests', () => {
    const fake = [
      "import { applyEdit } from '../src/core/edits/index.ts';",
      "import { parseCsv } from '../src/io/tables/csv.ts';",
      "import { useEditStore } from '../src/state/editStore.ts';",
      "import { App } from '../src/ui/App.tsx';",
      "import { seed } from '../test/server/harness.ts';",
      "import { main } from '../scripts/cli.ts';",
      "import React from 'react';",
    ].join('\n');
    const found = serverFileViolations('server/app.ts', fake);
    expect(found).toHaveLength(5);
    for (const spec of ['state', 'ui', 'test/', 'scripts/', 'react']) expect(found.some((f) => f.includes(spec)), spec).toBe(true);
  });

  const result = scan();

  test('imports point ui → state → workers → jobs → io → core, and the pure layers import no UI or Node', () => {
    expect(result.violations).toEqual([]);
  });

  test('the scan saw every layer and the scripts, and their imports', () => {
    for (const layer of [...LAYERS, 'scripts', 'server']) expect(result.filesByLayer[layer] ?? 0, layer).toBeGreaterThan(0);
    expect(result.imports).toBeGreaterThan(500);
  });

  test('the check notices every form of a wrong-way import', () => {
    const fake = [
      "import { x } from '../ui/App.tsx';",
      "import maplibre from 'maplibre-gl';",
      "import 'node:fs';",
      "import './map.css';",
      "const os = require('os');",
      "const lazy = await import('../state/editStore.ts');",
      "export { y } from '../workers/jobClient.ts';",
      "const sample = new URL('../../scripts/sample/prng.ts', import.meta.url);",
      "// import { z } from '../ui/commented.ts';",
    ].join('\n');
    const found = fileViolations('src/core/types.ts', fake);
    expect(found).toHaveLength(8);
    expect(fileViolations('src/state/editStore.ts', "import { startServer } from '../../server/server.ts';")).toHaveLength(1);
    expect(found.join('\n')).not.toContain('commented');
    for (const spec of ['../ui/App.tsx', 'maplibre-gl', 'node:fs', './map.css', 'os', '../state/editStore.ts', '../workers/jobClient.ts', 'scripts/']) {
      expect(found.some((f) => f.includes(spec)), spec).toBe(true);
    }
  });
});

/** Libraries too large to parse at every opening of the page: loaded when first used. */
const LAZY_PACKAGES = ['exceljs'];

/** Static imports of a lazy package's values (type imports cost nothing at run time). */
export function eagerImports(text: string): string[] {
  const found: string[] = [];
  for (const m of text.matchAll(/(?:^|[;\s])(import|export)\s+(type\s+)?[^'"`;]*?\sfrom\s*['"]([^'"]+)['"]/g)) {
    if (!m[2] && LAZY_PACKAGES.includes(m[3])) found.push(m[3]);
  }
  return found;
}

describe('startup weight', () => {
  test('exceljs is imported in src/ only for its types, and loaded with import() when a workbook is read or written', () => {
    const found = sourceFiles('src').flatMap((file) => eagerImports(readFileSync(file, 'utf8')).map((spec) => `${file}: ${spec}`));
    expect(found).toEqual([]);
    expect(eagerImports("import ExcelJS from 'exceljs';\nimport type X from 'exceljs';\nconst y = await import('exceljs');")).toEqual(['exceljs']);
  });
});
