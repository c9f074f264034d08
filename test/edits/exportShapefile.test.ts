import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync, strFromU8 } from 'fflate';
import * as shapefile from 'shapefile';
import { applyEdit, baseProperties, effectiveLayer, makeEdit, overridesFor } from '../../src/core/edits/index.ts';
import { plotsGeoJson, plotsShapefileZip } from '../../src/io/project/exports.ts';
import { deepFreeze, squarePlots } from './helpers.ts';

const layer = deepFreeze(squarePlots(12));
const edit = makeEdit({ year: 2025, layerId: 'plots', plotIds: ['D3', 'D4'], values: { ZT: '休耕', ZZZW: '籽用葫芦' }, baseOf: (id) => baseProperties(layer, id), table: undefined })!;
const edited = effectiveLayer(layer, overridesFor(applyEdit({}, edit), 2025, 'plots'));

function hasOgrinfo(): boolean {
  try {
    execFileSync('ogrinfo', ['--version'], { stdio: 'pipe' });
    return true;
  } catch {
    return false;
  }
}

describe('export of the edited plots', () => {
  for (const encoding of ['GBK', 'UTF-8'] as const) {
    it(`writes a Shapefile whose Chinese values read back intact (${encoding})`, async () => {
      const files = unzipSync(plotsShapefileZip(edited, encoding, '地块'));
      expect(Object.keys(files).sort()).toEqual(['地块.cpg', '地块.dbf', '地块.prj', '地块.shp', '地块.shx']);
      expect(strFromU8(files['地块.cpg'])).toBe(encoding);
      const collection = await shapefile.read(files['地块.shp'].slice().buffer, files['地块.dbf'].slice().buffer, { encoding: encoding === 'GBK' ? 'gbk' : 'utf-8' });
      expect(collection.features).toHaveLength(12);
      expect(collection.features[3].properties).toMatchObject({ DKBM: 'D3', ZT: '休耕', ZZZW: '籽用葫芦', CBFMC: '农户3' });
      expect(collection.features[5].properties).toMatchObject({ DKBM: 'D5', ZT: '种植', ZZZW: '棉花' });

      if (hasOgrinfo()) {
        const dir = mkdtempSync(join(tmpdir(), 'shuidi-shp-'));
        try {
          for (const [name, bytes] of Object.entries(files)) writeFileSync(join(dir, name.replace('地块', 'plots')), bytes);
          const out = execFileSync('ogrinfo', ['-q', '-al', '-where', "DKBM='D4'", join(dir, 'plots.shp')], { encoding: 'utf8' });
          expect(out).toMatch(/ZT \(String\) = 休耕/);
          expect(out).toMatch(/ZZZW \(String\) = 籽用葫芦/);
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      }
    });
  }

  it('writes GeoJSON with the edited values', () => {
    const back = JSON.parse(strFromU8(plotsGeoJson(edited)));
    expect(back.features[4].properties.ZT).toBe('休耕');
    expect(back.features[4].geometry).toEqual(layer.features.features[4].geometry);
  });
});
