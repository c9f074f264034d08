/**
 * Bytes in a .shp that belong to no record (issue 14, item 13): Natural Earth's time zones, as
 * kept in mbostock/shapefile's tests, has junk after records 6, 23 and 85 that GDAL and mbostock/shapefile
 * read past. It was refused as truncated; it is read, and the skipped bytes are reported.
 */
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { importLayerJob } from '../../src/jobs/importLayer.ts';
import { listShpRecords } from '../../src/io/read/shp.ts';
import { REAL, loadFile } from './helpers.ts';

const FILE = join(REAL, 'mbostock/ne_10m_time_zones.shp');

describe('a .shp with bytes that are not a record', () => {
  it('lists every record after the junk and reports the skipped bytes', () => {
    const bytes = Object.values(loadFile(FILE))[0];
    const skipped: string[] = [];
    const records = listShpRecords(bytes, 'ne_10m_time_zones.shp', undefined, undefined, (why) => skipped.push(why));
    expect(records).toHaveLength(120);
    expect(records.map((r) => new DataView(bytes.buffer, bytes.byteOffset).getInt32(r.offset, false))).toEqual(Array.from({ length: 120 }, (_, i) => i + 1));
    // three places where a record's content length is short of its real size
    expect(skipped).toHaveLength(3);
    expect(skipped[0]).toMatch(/^96 bytes after record 6 .*skipped to record 7/);
  });

  it('imports as polygons in lon/lat with a warning naming the file', async () => {
    const { layers } = await importLayerJob({ files: loadFile(FILE), crs: 'EPSG:4326' });
    const layer = layers[0];
    expect(layer.features.features).toHaveLength(120);
    expect(layer.features.features.every((f) => f.geometry && /Polygon/.test(f.geometry.type))).toBe(true);
    const warning = layer.warnings.find((w) => w.code === 'shp-bytes-skipped');
    expect(warning).toMatchObject({ file: 'ne_10m_time_zones.shp' });
  });

  it('still refuses a record that runs past the end of the file', () => {
    const bytes = Object.values(loadFile(FILE))[0];
    const cut = bytes.slice(0, 3000); // inside record 1; the header still says 2,487,248 bytes
    expect(() => listShpRecords(cut, "cut.shp")).toThrow(/不完整|truncated/);
  });
});
