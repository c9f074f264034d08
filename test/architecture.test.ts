/**
 * The dependency rule: imports point one way, ui → state → workers → jobs → io → core.
 * The pure layers import no UI, map, DOM or Node modules (tsconfig.core.json also checks the DOM).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, dirname } from 'node:path';
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

const FORBIDDEN_PACKAGES_IN_PURE = /^(react|react-dom|maplibre-gl|zustand|idb|playwright-core|vite|node:.*|fs|path|os|child_process|worker_threads)(\/|$)/;

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...sourceFiles(path));
    else if (/\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) && !name.endsWith('.d.ts')) out.push(path);
  }
  return out;
}

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specs: string[] = [];
  const pattern = /(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|new URL\(\s*['"]([^'"]+)['"]/g;
  for (const m of text.matchAll(pattern)) specs.push(m[1] ?? m[2] ?? m[3]);
  return specs;
}

function layerOf(path: string): LayerName | null {
  const rel = relative(resolve('src'), path).split(/[\\/]/)[0];
  return (LAYERS as readonly string[]).includes(rel) ? (rel as LayerName) : null;
}

export function violations(): string[] {
  const found: string[] = [];
  for (const file of sourceFiles('src')) {
    const from = layerOf(resolve(file));
    if (!from) continue;
    for (const spec of importsOf(file)) {
      if (spec.startsWith('.')) {
        const to = layerOf(resolve(dirname(file), spec));
        if (to && !ALLOWED[from].includes(to)) found.push(`${file}: ${from} imports ${to} (${spec})`);
      } else if (['core', 'io', 'jobs'].includes(from) && FORBIDDEN_PACKAGES_IN_PURE.test(spec)) {
        found.push(`${file}: ${from} imports ${spec}`);
      }
    }
  }
  return found;
}

describe('dependency rule', () => {
  test('imports point ui → state → workers → jobs → io → core, and the pure layers import no UI or Node', () => {
    expect(violations()).toEqual([]);
  });

  test('the check notices a wrong-way import', () => {
    const file = 'src/core/types.ts';
    const fake = `import { x } from '../ui/App.tsx';\nimport maplibre from 'maplibre-gl';`;
    const specs = [...fake.matchAll(/from\s*['"]([^'"]+)['"]/g)].map((m) => m[1]);
    const from = layerOf(resolve(file))!;
    const wrong = specs.filter((s) =>
      s.startsWith('.') ? !ALLOWED[from].includes(layerOf(resolve(dirname(file), s))!) : FORBIDDEN_PACKAGES_IN_PURE.test(s),
    );
    expect(wrong).toEqual(['../ui/App.tsx', 'maplibre-gl']);
  });
});
