import { CliError, option, readFieldMapping, readFiles, writeJson, type CliCommand } from '../cliSupport.ts';
import { importLayerJob } from '../../src/jobs/importLayer.ts';
import { ellipsoidalAreaM2 } from '../../src/core/geometry/ellipsoidalArea.ts';
import { m2ToMu } from '../../src/core/units.ts';
import type { Layer } from '../../src/core/types.ts';
import { ID_FIELDS } from '../../src/core/fields/canonicalFields.ts';

/**
 * docs/contract.md: {features: [{id, areaM2, areaMu}], totalM2, totalMu}. `id` is the feature's value of
 * the layer's code field (DKBM, BSM, LDBM, JBM, CJDM/ZLDWDM), else its 0-based index in the file.
 */
export function areaJson(layer: Layer): { features: { id: string | number; areaM2: number; areaMu: number }[]; totalM2: number; totalMu: number } {
  const all = layer.features.features;
  const codeField = ID_FIELDS[layer.kind].find((field) => all.some((f) => field in (f.properties ?? {})));
  let totalM2 = 0;
  const features = all.map((feature, index) => {
    const areaM2 = ellipsoidalAreaM2(feature.geometry);
    totalM2 += areaM2;
    const code = codeField ? feature.properties?.[codeField] : null;
    const id = code === null || code === undefined || String(code).trim() === '' ? index : String(code).trim();
    return { id, areaM2, areaMu: m2ToMu(areaM2) };
  });
  return { features, totalM2, totalMu: m2ToMu(totalM2) };
}

export const areaCommand: CliCommand = {
  name: 'area',
  usage: 'area FILE [--crs C] [--encoding E] [--fields M] --json OUT',
  summary: 'ellipsoidal CGCS2000 area of every feature, in m² and 亩',
  options: { values: ['crs', 'encoding', 'json', 'fields'] },
  async run(args) {
    if (args.positional.length === 0) throw new CliError({ zh: '请给出要量算的图层文件', en: 'give the layer file(s) to measure' });
    const out = option(args, 'json');
    if (!out) throw new CliError({ zh: '缺少 --json 输出文件', en: 'missing --json OUT' });
    const { layers } = await importLayerJob({
      files: await readFiles(args.positional),
      encoding: option(args, 'encoding'),
      crs: option(args, 'crs'),
      fields: await readFieldMapping(option(args, 'fields')),
    });
    const layer = layers[0];
    if (!layer) throw new CliError({ zh: `${args.positional.join('、')}：没有找到图层（应为 Shapefile .zip/.shp 或 GeoJSON）`, en: `${args.positional.join(', ')}: no layer found` });
    const polygonal = layer.features.features.some((f) => f.geometry?.type === 'Polygon' || f.geometry?.type === 'MultiPolygon');
    if (!polygonal && layer.features.features.length > 0) {
      throw new CliError({ zh: `${layer.sourceFiles[0] ?? args.positional[0]}：图层中没有面要素，无面积可量算`, en: `${layer.sourceFiles[0] ?? args.positional[0]}: no polygons in this layer, so no areas to measure` });
    }
    await writeJson(out, areaJson(layer));
  },
};
