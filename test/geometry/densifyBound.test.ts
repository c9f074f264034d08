/** Densification is bounded: one edge spanning half the globe adds at most DENSIFY_MAX_POINTS points. */
import { expect, test } from 'vitest';
import { packLayer } from '../../src/core/geometry/packedLayer.ts';
import { localPlane } from '../../src/core/geometry/localPlane.ts';
import { DENSIFY_MAX_POINTS, DENSIFY_STEP_DEG, projectFeature } from '../../src/core/geometry/planeFeature.ts';

test('a 60° edge is split into at most DENSIFY_MAX_POINTS pieces', () => {
  const ring = [[30, 10], [90, 10], [90, 10.001], [30, 10]];
  const layer = packLayer([{ type: 'Polygon', coordinates: [ring] }]);
  const feature = projectFeature(layer, 0, localPlane(60, 10));
  expect(60 / DENSIFY_STEP_DEG).toBeGreaterThan(DENSIFY_MAX_POINTS); // unbounded, this edge would add 6,000 points
  expect(feature.vertexCount).toBeLessThanOrEqual(3 + 2 * DENSIFY_MAX_POINTS);
  expect(feature.vertexCount).toBeGreaterThan(DENSIFY_MAX_POINTS);
});
