/**
 * GCJ-02 web-map coordinates: the pseudo-CRS of the import dialog, and the offset check against
 * the loaded boundaries, on two independently published files of Changji prefecture (both GCJ-02
 * by their own account: see test/fixtures/io/real/{geomapdata,changji}/PROVENANCE.txt).
 */
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import type { Geometry } from 'geojson';
import { importLayerJob } from '../../src/jobs/importLayer.ts';
import { gcjOffsetFinding } from '../../src/jobs/gcjCheck.ts';
import { previewImportJob, previewExtent } from '../../src/jobs/previewImport.ts';
import { gcj02ToWgs84, wgs84ToGcj02 } from '../../src/io/read/gcj02.ts';
import { crsFromUserInput } from '../../src/io/read/prj.ts';
import { transformGeometry } from '../../src/io/read/reproject.ts';
import { edgeIndex } from '../../src/core/geometry/edgeDistance.ts';
import type { Layer } from '../../src/core/types.ts';
import { REAL, loadFile, loadFiles } from './helpers.ts';

const geometries = (layer: Layer): (Geometry | null)[] => layer.features.features.map((f) => f.geometry);
const datavFiles = () => loadFile(join(REAL, 'geomapdata/652300_changji_prefecture_counties.json'));
const adminFiles = () => loadFiles(join(REAL, 'changji'), 'changji_prefecture_districts');
const one = async (files: Record<string, Uint8Array>, crs?: string): Promise<Layer> => (await importLayerJob({ files, crs })).layers[0];
// metres between two lon/lat points at Changji's latitude (equirectangular: enough for a few hundred metres)
const metres = (a: number[], b: number[]) => Math.hypot((a[0] - b[0]) * 111_320 * Math.cos((a[1] * Math.PI) / 180), (a[1] - b[1]) * 110_574);

describe('GCJ-02 as a coordinate system to import from', () => {
  it('shifts by a few hundred metres in Xinjiang and converts back within 0.2 m', () => {
    const wgs = [87.3, 44.0];
    const gcj = wgs84ToGcj02(wgs[0], wgs[1]);
    expect(metres(gcj, wgs)).toBeGreaterThan(200);
    expect(metres(gcj, wgs)).toBeLessThan(700);
    expect(metres(gcj02ToWgs84(gcj[0], gcj[1]), wgs)).toBeLessThan(0.2);
  });

  it('is chosen by its name in the dialog and moves every vertex by the GCJ-02 offset', async () => {
    expect(crsFromUserInput('GCJ-02').info.code).toBe('GCJ-02');
    expect(crsFromUserInput('gcj02').info.code).toBe('GCJ-02');
    const raw = await one(datavFiles());
    const converted = await one(datavFiles(), 'GCJ-02');
    expect(converted.crs.code).toBe('GCJ-02');
    const first = (l: Layer): number[] => {
      const g = l.features.features[0].geometry!;
      return g.type === 'MultiPolygon' ? g.coordinates[0][0][0] : (g as GeoJSON.Polygon).coordinates[0][0];
    };
    const a = first(raw);
    const b = first(converted);
    const expected = gcj02ToWgs84(a[0], a[1]);
    expect(metres(b, expected)).toBeLessThan(1e-6);
    expect(metres(a, b)).toBeGreaterThan(150);
  });
});

describe('the offset check against the loaded boundaries', () => {
  it('finds DataV data offset against boundaries in WGS 84 / CGCS2000 (another publisher\'s file, corrected)', async () => {
    const datav = await one(datavFiles());
    const admin = await one(adminFiles());
    const reference = geometries(admin).map((g) => transformGeometry(g, gcj02ToWgs84));
    const finding = gcjOffsetFinding(geometries(datav), reference);
    expect(finding).not.toBeNull();
    expect(finding!.rawMedianM).toBeGreaterThan(100);
    expect(finding!.convertedMedianM).toBeLessThan(5);
  });

  it('says nothing when both are GCJ-02, when the layer is already corrected, or far away', async () => {
    const datav = await one(datavFiles());
    const admin = await one(adminFiles());
    expect(gcjOffsetFinding(geometries(datav), geometries(admin))).toBeNull();
    const corrected = geometries(datav).map((g) => transformGeometry(g, gcj02ToWgs84));
    const reference = geometries(admin).map((g) => transformGeometry(g, gcj02ToWgs84));
    expect(gcjOffsetFinding(corrected, reference)).toBeNull();
    const elsewhere = geometries(datav).map((g) => transformGeometry(g, (x, y) => [x + 1, y]));
    expect(gcjOffsetFinding(elsewhere, reference)).toBeNull();
  });

  it('says nothing for plots inside villages that do not follow the boundaries', () => {
    // a 10 km square village and 100 m plots spread inside it, metres to kilometres from its edge
    const village: Geometry = { type: 'Polygon', coordinates: [[[87, 44], [87.125, 44], [87.125, 44.09], [87, 44.09], [87, 44]]] };
    const plots: Geometry[] = [];
    for (let i = 1; i < 20; i++) for (let j = 1; j < 20; j++) {
      const x = 87 + i * 0.006;
      const y = 44 + j * 0.0045;
      plots.push({ type: 'Polygon', coordinates: [[[x, y], [x + 0.0012, y], [x + 0.0012, y + 0.0009], [x, y + 0.0009], [x, y]]] });
    }
    expect(gcjOffsetFinding(plots, [village])).toBeNull();
  });

  it('measures distance to the nearest edge in metres', () => {
    const index = edgeIndex([{ type: 'LineString', coordinates: [[87, 44], [87.01, 44]] }])!;
    expect(index.distanceM(87.005, 44 + 100 / 110_574)).toBeCloseTo(100, 6);
    expect(index.distanceM(87.005, 45)).toBe(Infinity);
  });
});

describe('the extent before import', () => {
  it('is the lon/lat box under the chosen CRS, so outside-China and impossible coordinates are said before import', async () => {
    const { layers } = await previewImportJob({ files: adminFiles() });
    const detected = previewExtent(layers[0], '')!;
    expect(detected[0]).toBeGreaterThan(85);
    expect(detected[2]).toBeLessThan(92);
    // read as Gauss-Krüger metres the same numbers fall near the equator, far west of China
    const wrong = previewExtent(layers[0], 'EPSG:4534')!;
    expect(wrong[1]).toBeLessThan(1);
  });
});
