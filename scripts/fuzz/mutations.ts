/**
 * Mutated import inputs for the fuzz run: bit flips, truncations, header lies, zip tricks,
 * GeoJSON abuse, .prj/.cpg damage and wild coordinates, each made from a seed (a real fixture or
 * the sample county) with a seeded random source, so a run is repeatable and a failing input can
 * be made again from its name.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { unzipSync, zipSync } from 'fflate';

export type Files = Record<string, Uint8Array>;
export interface Seed {
  name: string;
  files: Files;
}
export interface FuzzInput {
  name: string;
  files: Files;
}

/** Park–Miller style: enough for choosing mutations, repeatable from one number. */
export function random(seed: number): () => number {
  let state = (seed >>> 0) % 2147483647 || 1;
  return () => (state = (state * 48271) % 2147483647) / 2147483647;
}

const read = (path: string): Uint8Array => new Uint8Array(readFileSync(path));

/** Seeds from the repository's fixtures and, when generated, the sample county. */
export function loadSeeds(root: string): Seed[] {
  const seeds: Seed[] = [];
  const sample = join(root, 'public/sample');
  for (const name of ['villages.zip', 'reservoirs.zip', 'canals.zip', 'wells.zip', 'forest.zip']) {
    if (existsSync(join(sample, name))) seeds.push({ name: `sample/${name}`, files: { [name]: read(join(sample, name)) } });
  }
  const gbk = join(root, 'test/fixtures/io/gbk');
  for (const name of readdirSync(gbk)) {
    if (/\.(zip|geojson)$/.test(name)) seeds.push({ name: `gbk/${name}`, files: { [name]: read(join(gbk, name)) } });
  }
  const real = join(root, 'test/fixtures/io/real');
  const sets: [string, string][] = [['changji', 'changji_prefecture_districts'], ['ae102', 'DLTB'], ['ae102', 'Road'], ['mbostock', 'polygons'], ['mbostock', 'multipoints'], ['mbostock', 'polylines']];
  for (const [dir, base] of sets) {
    const path = join(real, dir);
    if (!existsSync(path)) continue;
    const files: Files = {};
    for (const name of readdirSync(path)) if (name.startsWith(`${base}.`) && /\.(shp|shx|dbf|prj|cpg)$/i.test(name)) files[name] = read(join(path, name));
    if (files[`${base}.shp`]) seeds.push({ name: `real/${dir}/${base}`, files });
  }
  const geomapdata = join(real, 'geomapdata/652300_changji_prefecture_counties.json');
  if (existsSync(geomapdata)) seeds.push({ name: 'real/geomapdata/counties', files: { 'counties.json': read(geomapdata) } });
  seeds.push({ name: 'synthetic/plots.geojson', files: { 'plots.geojson': encode(syntheticPlots()) } });
  return seeds;
}

const encode = (value: unknown): Uint8Array => new TextEncoder().encode(typeof value === 'string' ? value : JSON.stringify(value));

function syntheticPlots(): unknown {
  const features = Array.from({ length: 12 }, (_, i) => {
    const lon = 87.3 + (i % 4) * 0.01;
    const lat = 44 + Math.floor(i / 4) * 0.01;
    return { type: 'Feature', properties: { DKBM: `65230110000100${String(i).padStart(3, '0')}`, ZZZW: '棉花', ZT: '种植' }, geometry: { type: 'Polygon', coordinates: [[[lon, lat], [lon + 0.008, lat], [lon + 0.008, lat + 0.008], [lon, lat + 0.008], [lon, lat]]] } };
  });
  return { type: 'FeatureCollection', features };
}

/** The seed's files with zips opened ({path: bytes}) and a function putting them back the same way. */
function opened(files: Files): { parts: Files; pack(parts: Files): Files } {
  const zips = Object.keys(files).filter((n) => n.endsWith('.zip'));
  if (zips.length !== 1) return { parts: { ...files }, pack: (parts) => parts };
  const zipName = zips[0];
  let parts: Files;
  try {
    parts = unzipSync(files[zipName]);
  } catch {
    return { parts: { ...files }, pack: (p) => p };
  }
  return { parts, pack: (p) => ({ [zipName]: zipSync(p) }) };
}

type Pick = <T>(items: readonly T[]) => T;

function partNamed(parts: Files, pick: Pick, pattern: RegExp): string | null {
  const names = Object.keys(parts).filter((n) => pattern.test(n) && parts[n].length > 0);
  return names.length ? pick(names) : null;
}

function withPart(files: Files, pattern: RegExp, pick: Pick, change: (bytes: Uint8Array, name: string) => Uint8Array | null): Files | null {
  const { parts, pack } = opened(files);
  const name = partNamed(parts, pick, pattern);
  if (!name) return null;
  const changed = change(parts[name].slice(), name);
  if (!changed) return null;
  return pack({ ...parts, [name]: changed });
}

const view = (b: Uint8Array): DataView => new DataView(b.buffer, b.byteOffset, b.byteLength);

export type Mutation = (files: Files, rnd: () => number, pick: Pick) => Files | null;

/** Every kind of mutation, by name. */
export const MUTATIONS: Record<string, Mutation> = {
  'bit-flips': (files, rnd, pick) => withPart(files, /./, pick, (b) => {
    const flips = 1 + Math.floor(rnd() * 16);
    for (let i = 0; i < flips; i++) b[Math.floor(rnd() * b.length)] ^= 1 << Math.floor(rnd() * 8);
    return b;
  }),
  'bit-flips-raw': (files, rnd, pick) => {
    const name = pick(Object.keys(files));
    const b = files[name].slice();
    for (let i = 0; i < 1 + Math.floor(rnd() * 8); i++) b[Math.floor(rnd() * b.length)] ^= 1 << Math.floor(rnd() * 8);
    return { ...files, [name]: b };
  },
  truncate: (files, rnd, pick) => withPart(files, /./, pick, (b) => b.slice(0, Math.floor(rnd() * b.length))),
  'truncate-raw': (files, rnd, pick) => {
    const name = pick(Object.keys(files));
    return { ...files, [name]: files[name].slice(0, Math.floor(rnd() * files[name].length)) };
  },
  'shp-shape-type': (files, rnd, pick) => withPart(files, /\.shp$/i, pick, (b) => {
    if (b.length < 112) return null;
    const type = pick([0, 1, 3, 5, 8, 11, 13, 15, 18, 31, 99, -1]);
    view(b).setInt32(rnd() < 0.5 ? 32 : 108, type, true);
    return b;
  }),
  'shp-record-length-lie': (files, rnd, pick) => withPart(files, /\.shp$/i, pick, (b) => {
    if (b.length < 108) return null;
    view(b).setInt32(104, pick([0, 1, 0x7fffffff, -5, Math.floor(rnd() * 1e6)]), false);
    return b;
  }),
  'shp-counts-lie': (files, rnd, pick) => withPart(files, /\.shp$/i, pick, (b) => {
    if (b.length < 156) return null;
    view(b).setInt32(108 + pick([36, 40]), pick([0, -1, 0x7fffffff, 1e6, 1e8, Math.floor(rnd() * 5000)]), true);
    return b;
  }),
  'shp-part-index-lie': (files, rnd, pick) => withPart(files, /\.shp$/i, pick, (b) => {
    if (b.length < 160) return null;
    view(b).setInt32(108 + 44, pick([-1e8, 1e8, -1, 2 ** 31 - 1]), true);
    return b;
  }),
  'shp-file-length-lie': (files, rnd, pick) => withPart(files, /\.shp$/i, pick, (b) => {
    view(b).setInt32(24, pick([0, 50, 0x7fffffff, Math.floor(rnd() * 1e7)]), false);
    return b;
  }),
  'shp-wild-vertex': (files, rnd, pick) => withPart(files, /\.shp$/i, pick, (b) => {
    if (b.length < 220) return null;
    const at = 100 + 8 + 44 + 4 + Math.floor(rnd() * Math.min(40, (b.length - 170) / 8)) * 8;
    if (at + 8 > b.length) return null;
    view(b).setFloat64(at, pick([-100000, 1e300, -1e300, NaN, Infinity, 1e9, 4e7, -180.5, 720]), true);
    return b;
  }),
  'shx-lie': (files, rnd, pick) => withPart(files, /\.shx$/i, pick, (b) => {
    if (b.length < 108) return null;
    view(b).setInt32(100 + 8 * Math.floor(rnd() * ((b.length - 100) / 8)), pick([0, -4, 0x7fffffff, 50]), false);
    return b;
  }),
  'dbf-header-lie': (files, rnd, pick) => withPart(files, /\.dbf$/i, pick, (b) => {
    if (b.length < 32) return null;
    const field = pick([4, 8, 10]);
    if (field === 4) view(b).setUint32(4, pick([0, 1, 0xffffffff, Math.floor(rnd() * 1e6)]), true);
    else view(b).setUint16(field, pick([0, 1, 32, 0xffff, Math.floor(rnd() * 4000)]), true);
    return b;
  }),
  'dbf-field-lie': (files, rnd, pick) => withPart(files, /\.dbf$/i, pick, (b) => {
    if (b.length < 64) return null;
    b[32 + 16] = pick([0, 1, 254, 255]);
    b[32 + 11] = pick([0x43, 0x4e, 0x44, 0x4c, 0x46, 0x00, 0x3f]);
    return b;
  }),
  'prj-garbage': (files, rnd, pick) => {
    const { parts, pack } = opened(files);
    const shp = partNamed(parts, pick, /\.shp$/i);
    if (!shp) return null;
    const text = pick([
      `PROJCS["x",${'GEOGCS['.repeat(5000)}]`,
      `PROJCS["Broken",PROJECTION["Nope"],PARAMETER["${'y'.repeat(500)}",1]]`,
      '<html><body>404</body></html>',
      'EPSG:999999',
      '\u0000\u0001\u0002',
      'GEOGCS["GCS_China_Geodetic_Coordinate_System_2000"',
      '+proj=tmerc +lon_0=abc',
    ]);
    return pack({ ...parts, [shp.replace(/\.shp$/i, '.prj')]: encode(text) });
  },
  'cpg-lie': (files, rnd, pick) => {
    const { parts, pack } = opened(files);
    const dbf = partNamed(parts, pick, /\.dbf$/i);
    if (!dbf) return null;
    return pack({ ...parts, [dbf.replace(/\.dbf$/i, '.cpg')]: encode(pick(['utf-16', 'UTF-16BE', 'big5', 'klingon', '', '65001', '<html>', 'x'.repeat(300)])) });
  },
  'zip-duplicate': (files, _rnd, pick) => {
    const { parts } = opened(files);
    const name = pick(Object.keys(parts));
    if (!name || !Object.keys(files)[0]?.endsWith('.zip')) return null;
    const other = pick(Object.keys(parts));
    return { 'dup.zip': duplicateEntryZip(parts, name, parts[other], rndCase(name, pick)) };
  },
  'zip-nested': (files, rnd) => {
    let inner: Files = files;
    const depth = 1 + Math.floor(rnd() * 5);
    for (let i = 0; i < depth; i++) inner = { [`level${i}.zip`]: zipSync(inner) };
    return inner;
  },
  'zip-size-lie': (files, _rnd, pick) => {
    const zipName = Object.keys(files).find((n) => n.endsWith('.zip'));
    if (!zipName) return null;
    const b = files[zipName].slice();
    const central = centralDirectoryOffset(b);
    if (central === null) return null;
    view(b).setUint32(central + pick([20, 24]), pick([0, 1, 0xffffffff, 1000, 3_000_000_000]), true);
    return { [zipName]: b };
  },
  'zip-bomb': (_files, rnd) => ({ 'bomb.zip': zipSync({ 'a.shp': new Uint8Array((16 + Math.floor(rnd() * 48)) * 1024 * 1024) }, { level: 9 }) }),
  'zip-odd-names': (files, _rnd, pick) => {
    const { parts } = opened(files);
    const renamed: Files = {};
    for (const [name, bytes] of Object.entries(parts)) renamed[pick(['../', '/abs/', 'a\\b\\', '__MACOSX/', '', 'deep/'.repeat(50), '\u0000'])  + name] = bytes;
    return { 'odd.zip': zipSync(renamed) };
  },
  'gj-null-coords': (_f, _r, pick) => gj({ type: pick(['Polygon', 'MultiPolygon', 'LineString', 'Point']), coordinates: null }),
  'gj-no-coords': (_f, _r, pick) => gj({ type: pick(['Polygon', 'MultiPolygon', 'Point']) }),
  'gj-wrong-depth': (_f, _r, pick) => gj({ type: 'Polygon', coordinates: pick([[87, 44], [[87, 44]], [[[[87, 44]]]], 'abc', {}, [[null]], [[[87, '44'], [1, 2], [3, 4], [87, 44]]]]) }),
  'gj-geometry-type': (_f, _r, pick) => gj({ type: pick(['Circle', '', 42, null, 'FeatureCollection', 'GeometryCollection']), coordinates: [] }),
  'gj-deep-nesting': (_f, rnd) => ({ 'deep.geojson': encode(`{"type":"FeatureCollection","features":[${'['.repeat(100 + Math.floor(rnd() * 20000))}]}`) }),
  'gj-collection-nesting': (_f, rnd) => {
    let g: unknown = { type: 'Point', coordinates: [87, 44] };
    for (let i = 0; i < 5 + Math.floor(rnd() * 50); i++) g = { type: 'GeometryCollection', geometries: [g] };
    return gj(g);
  },
  'gj-hole-outside': (_f, rnd) => gj({ type: 'Polygon', coordinates: [square(87.3, 44, 0.01), square(87.3 + rnd() * 2, 44 + rnd(), 0.001).reverse()] }),
  'gj-wild-vertex': (_f, _r, pick) => gj({ type: 'Polygon', coordinates: [[[87.3, 44], [pick([-100000, 1e300, 181, 87.31]), pick([44, 91, -1e10, 44.01])], [87.31, 44.01], [87.3, 44]]] }),
  'gj-tangle': (_f, rnd) => {
    const n = 2000 + Math.floor(rnd() * 100_000);
    const ring = Array.from({ length: n }, () => [87 + rnd() * 0.1, 44 + rnd() * 0.1]);
    ring.push(ring[0]);
    return gj({ type: 'Polygon', coordinates: [ring] });
  },
  'gj-bad-members': (_f, _r, pick) => ({ 'm.geojson': encode(pick([
    { type: 'FeatureCollection', features: 'x' },
    { type: 'FeatureCollection', features: [null, 1, 'a', []] },
    { type: 'FeatureCollection', features: [{ type: 'Feature', properties: 'x', geometry: { type: 'Point', coordinates: [87, 44] } }] },
    { type: 'FeatureCollection', features: [{ type: 'Feature', properties: [1, 2], geometry: { type: 'Point', coordinates: [87, 44] } }] },
    { type: 'FeatureCollection', crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::4517' } }, features: [{ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: [87, 44] } }] },
    { type: 'FeatureCollection', crs: { properties: { name: 12 } }, features: [] },
    [],
    'string',
    42,
    null,
  ])) }),
  'gj-truncated-text': (files, rnd) => {
    const name = Object.keys(files).find((n) => /\.(geo)?json$/.test(n));
    if (!name) return null;
    return { [name]: files[name].slice(0, Math.floor(rnd() * files[name].length)) };
  },
  'gj-numbers': (_f, _r, pick) => ({ 'n.geojson': encode(`{"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[[[87,44],[${pick(['1e400', '-1e400', '87.01', '1e-400'])},44],[87.01,44.01],[87,44]]]}}`) }),
  'empty-file': (files, _r, pick) => ({ ...files, [pick(Object.keys(files))]: new Uint8Array(0) }),
};

function square(lon: number, lat: number, size: number): number[][] {
  return [[lon, lat], [lon + size, lat], [lon + size, lat + size], [lon, lat + size], [lon, lat]];
}

function gj(geometry: unknown): Files {
  return { 'abuse.geojson': encode({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: { DKBM: 'A1' }, geometry: { type: 'Polygon', coordinates: [square(87.3, 44, 0.01)] } }, { type: 'Feature', properties: { DKBM: 'A2' }, geometry }] }) };
}

function rndCase(name: string, pick: Pick): string {
  return pick([name, name.toUpperCase(), name.replace(/\.(\w+)$/, (m) => m.toUpperCase())]);
}

/**
 * A zip holding `parts` and a second entry named `secondName` (the same name as `name`, or the
 * same but for case), as some zip tools write. fflate's keys are unique, so the second entry is
 * zipped apart as "name~" and renamed in place after the two archives are joined.
 */
function duplicateEntryZip(parts: Files, name: string, secondBytes: Uint8Array, secondName: string): Uint8Array {
  const first = zipSync(parts, { level: 0 });
  const second = zipSync({ [secondName === name ? `${secondName}~` : secondName]: secondBytes }, { level: 0 });
  const joined = joinZips(first, second);
  return secondName === name ? renameLast(joined, `${secondName}~`, secondName) : joined;
}

function centralDirectoryOffset(b: Uint8Array): number | null {
  for (let at = b.length - 22; at >= 0; at--) {
    if (b[at] === 0x50 && b[at + 1] === 0x4b && b[at + 2] === 5 && b[at + 3] === 6) return view(b).getUint32(at + 16, true);
  }
  return null;
}

/** The entries of two stored zips in one archive (central directories merged, offsets moved). */
function joinZips(a: Uint8Array, b: Uint8Array): Uint8Array {
  const cdA = centralDirectoryOffset(a)!;
  const cdB = centralDirectoryOffset(b)!;
  const endA = a.length - 22;
  const endB = b.length - 22;
  const localA = a.subarray(0, cdA);
  const localB = b.subarray(0, cdB);
  const centralA = a.subarray(cdA, endA);
  const centralB = b.slice(cdB, endB);
  for (let at = 0; at + 46 <= centralB.length; ) {
    const v = view(centralB);
    v.setUint32(at + 42, v.getUint32(at + 42, true) + localA.length, true);
    at += 46 + v.getUint16(at + 28, true) + v.getUint16(at + 30, true) + v.getUint16(at + 32, true);
  }
  const countA = view(a).getUint16(endA + 10, true);
  const countB = view(b).getUint16(endB + 10, true);
  const out = new Uint8Array(localA.length + localB.length + centralA.length + centralB.length + 22);
  out.set(localA, 0);
  out.set(localB, localA.length);
  out.set(centralA, localA.length + localB.length);
  out.set(centralB, localA.length + localB.length + centralA.length);
  const end = out.length - 22;
  out.set(a.subarray(endA, endA + 22), end);
  const v = view(out);
  v.setUint16(end + 8, countA + countB, true);
  v.setUint16(end + 10, countA + countB, true);
  v.setUint32(end + 12, centralA.length + centralB.length, true);
  v.setUint32(end + 16, localA.length + localB.length, true);
  return out;
}

/** Renames `from` to `to` (one byte shorter) in place: the name length shrinks by one and the dropped byte joins the extra field. */
function renameLast(zip: Uint8Array, from: string, to: string): Uint8Array {
  const fromBytes = new TextEncoder().encode(from);
  const out = zip.slice();
  const v = view(out);
  // local and central headers: shorten the name length by one and make the extra length one longer
  for (let at = 0; at + 30 < out.length; at++) {
    const sig = v.getUint32(at, true);
    const nameAt = sig === 0x04034b50 ? at + 30 : sig === 0x02014b50 ? at + 46 : -1;
    if (nameAt < 0) continue;
    const lengthAt = sig === 0x04034b50 ? at + 26 : at + 28;
    const extraAt = lengthAt + 2;
    const length = v.getUint16(lengthAt, true);
    if (length !== fromBytes.length || new TextDecoder().decode(out.subarray(nameAt, nameAt + length)) !== from) continue;
    v.setUint16(lengthAt, to.length, true);
    v.setUint16(extraAt, v.getUint16(extraAt, true) + 1, true);
  }
  return out;
}

/** The count inputs of a run: mutations spread evenly, seeds and details from the random source. */
export function makeInputs(seeds: readonly Seed[], count: number, seed: number): FuzzInput[] {
  const rnd = random(seed);
  const pick: Pick = (items) => items[Math.floor(rnd() * items.length)];
  const names = Object.keys(MUTATIONS);
  const inputs: FuzzInput[] = [];
  for (let i = 0; inputs.length < count && i < count * 4; i++) {
    const mutation = names[i % names.length];
    // a mutation that does not apply to a seed (a .shp header lie on GeoJSON) tries other seeds
    for (let attempt = 0; attempt < 20; attempt++) {
      const from = pick(seeds);
      let files: Files | null = null;
      try {
        files = MUTATIONS[mutation](from.files, rnd, pick);
      } catch {
        files = null;
      }
      if (!files) continue;
      inputs.push({ name: `${String(inputs.length + 1).padStart(4, '0')}_${mutation}_${from.name}`, files });
      break;
    }
  }
  return inputs;
}
