/** No map call takes the page down (issue 14, item 4): boxes the map is asked to fly to are clamped. */
import { describe, expect, it } from 'vitest';
import { clampBounds, useMapUiStore } from '../../src/ui/map/mapState.ts';

describe('clampBounds', () => {
  it('clamps latitudes beyond the Web Mercator limit and longitudes beyond ±180', () => {
    // mapshaper's ldid/chinese point read as WGS84: lon −248.7, lat 625.6 overlaps nothing
    expect(clampBounds([-248.7, 625.6, -248.7, 625.6])).toBeNull();
    expect(clampBounds([-190, -95, 87, 95])).toEqual([-180, -85, 87, 85]);
    expect(clampBounds([87.2, 43.9, 87.4, 44.1])).toEqual([87.2, 43.9, 87.4, 44.1]);
  });

  it('refuses what is no box', () => {
    expect(clampBounds([Number.NaN, 0, 1, 1])).toBeNull();
    expect(clampBounds([10, 0, 5, 1])).toBeNull();
    expect(clampBounds(null)).toBeNull();
  });

  it('the map store never holds an impossible box to fly to', () => {
    useMapUiStore.getState().fit([-248.7, 625.6, -248.7, 625.6]);
    expect(useMapUiStore.getState().fitTo).toBeNull();
    useMapUiStore.getState().fit([80, 40, 90, 100]);
    expect(useMapUiStore.getState().fitTo).toEqual([80, 40, 90, 85]);
  });
});
