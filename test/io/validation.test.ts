import { describe, expect, it } from 'vitest';
import type { Geometry } from 'geojson';
import { checkGeometry } from '../../src/core/validation/checkGeometry.ts';
import { ellipsoidalAreaM2 } from '../../src/core/geometry/ellipsoidalArea.ts';
import { importLayerJob } from '../../src/jobs/importLayer.ts';

const square = [[87, 44], [87.001, 44], [87.001, 44.001], [87, 44.001], [87, 44]];
const codes = (g: Geometry | null): string[] => checkGeometry(g).problems.map((p) => p.code);

describe('geometry checks', () => {
  it('passes a clean counter-clockwise square unchanged', () => {
    const g: Geometry = { type: 'Polygon', coordinates: [square] };
    expect(checkGeometry(g)).toEqual({ geometry: g, problems: [] });
  });

  it('closes an unclosed ring', () => {
    const r = checkGeometry({ type: 'Polygon', coordinates: [square.slice(0, 4)] });
    expect(r.problems.map((p) => [p.code, p.repaired])).toEqual([['ring-unclosed', true]]);
    expect(r.geometry).toEqual({ type: 'Polygon', coordinates: [square] });
  });

  it('removes repeated vertices', () => {
    const ring = [square[0], square[1], square[1], square[2], square[3], square[0]];
    const r = checkGeometry({ type: 'Polygon', coordinates: [ring] });
    expect(r.problems.map((p) => p.code)).toEqual(['duplicate-vertices']);
    expect((r.geometry as GeoJSON.Polygon).coordinates[0]).toEqual(square);
  });

  it('reverses a clockwise outer ring and a counter-clockwise hole without a note (RFC 7946 has no winding rule for readers)', () => {
    const hole = [[87.0002, 44.0002], [87.0004, 44.0002], [87.0004, 44.0004], [87.0002, 44.0004], [87.0002, 44.0002]];
    const r = checkGeometry({ type: 'Polygon', coordinates: [square.slice().reverse(), hole] });
    expect(r.problems.map((p) => p.code)).toEqual([]);
    expect((r.geometry as GeoJSON.Polygon).coordinates).toEqual([square, hole.slice().reverse()]);
  });

  it('drops rings with too few points or zero area; null when nothing is left', () => {
    expect(codes({ type: 'Polygon', coordinates: [[[87, 44], [87.001, 44], [87, 44]]] })).toEqual(['too-few-points', 'geometry-null']);
    expect(codes({ type: 'Polygon', coordinates: [[[87, 44], [87.001, 44], [87.002, 44], [87, 44]]] })).toEqual(['zero-area', 'geometry-null']);
    expect(checkGeometry({ type: 'LineString', coordinates: [[87, 44], [87, 44]] }).geometry).toBeNull();
  });

  it('resolves a self-intersecting ring (bow tie) into its two lobes, and says so', () => {
    const bowtie = [[87, 44], [87.002, 44.001], [87.002, 44], [87, 44.003], [87, 44]];
    const r = checkGeometry({ type: 'Polygon', coordinates: [bowtie] });
    expect(r.problems.find((p) => p.code === 'self-intersection')).toMatchObject({ repaired: true });
    expect(r.geometry?.type).toBe('MultiPolygon');
    // the two triangles, measured on their own, add up to the repaired area
    const lobeA = [[87, 44], [87.0015, 44.00075], [87, 44.003], [87, 44]];
    const lobeB = [[87.0015, 44.00075], [87.002, 44.001], [87.002, 44], [87.0015, 44.00075]];
    const expected = ellipsoidalAreaM2({ type: 'Polygon', coordinates: [lobeA] }) + ellipsoidalAreaM2({ type: 'Polygon', coordinates: [lobeB] });
    expect(ellipsoidalAreaM2(r.geometry)).toBeCloseTo(expected, 0);
    expect(checkGeometry(r.geometry).problems).toEqual([]);
  });

  it('reports a null geometry', () => {
    expect(checkGeometry(null).problems).toEqual([{ code: 'geometry-null', message: 'feature has no geometry', repaired: false }]);
  });

  it('import lists each problem per feature with layer file and feature id', async () => {
    const collection = {
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', properties: { DKBM: 'A' }, geometry: { type: 'Polygon', coordinates: [square] } },
        { type: 'Feature', properties: { DKBM: 'B' }, geometry: { type: 'Polygon', coordinates: [square.slice(0, 4)] } },
        { type: 'Feature', properties: { DKBM: 'C' }, geometry: null },
      ],
    };
    const files = { 'plots.geojson': new TextEncoder().encode(JSON.stringify(collection)) };
    const { layers } = await importLayerJob({ files });
    const warnings = layers[0].warnings.map((w) => [w.file, w.featureId, w.code, w.repaired ?? false]);
    expect(warnings).toEqual([
      ['plots.geojson', '2', 'ring-unclosed', true],
      ['plots.geojson', '3', 'geometry-null', false],
    ]);
  });
});
