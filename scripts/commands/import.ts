import { CliError, option, readFieldMapping, readFiles, writeJson, type CliCommand } from '../cliSupport.ts';
import { importLayerJob } from '../../src/jobs/importLayer.ts';
import { LAYER_KINDS, type Layer, type LayerKind } from '../../src/core/types.ts';

function parseKind(value: string | undefined): LayerKind | undefined {
  if (value === undefined) return undefined;
  if (!LAYER_KINDS.includes(value as LayerKind)) throw new CliError({ zh: `--kind 应为 ${LAYER_KINDS.join('、')} 之一`, en: `--kind must be one of ${LAYER_KINDS.join(', ')}` });
  return value as LayerKind;
}

/** The docs/contract.md import JSON: {crs, encoding, featureCount, fields, warnings[], features}, plus layer facts. */
export function importJson(layer: Layer, others: Layer[]): Record<string, unknown> {
  const warnings = [...layer.warnings];
  for (const other of others) {
    warnings.push({ file: other.sourceFiles[0] ?? other.name, code: 'layer-skipped', message: `another layer "${other.name}" was found and not written; pick it with --layer ${other.name}` });
  }
  return {
    layer: layer.name,
    kind: layer.kind,
    sourceFiles: layer.sourceFiles,
    crs: layer.crs,
    encoding: layer.encoding,
    encodingSource: layer.encodingSource,
    featureCount: layer.features.features.length,
    fields: layer.fields,
    warnings,
    features: layer.features,
  };
}

export const importCommand: CliCommand = {
  name: 'import',
  usage: 'import FILE… [--encoding E] [--crs C] [--fields M] [--kind K] [--layer NAME] --json OUT',
  summary: 'reads one layer (Shapefile .zip or loose files, GeoJSON) and writes it as lon/lat GeoJSON with its CRS, encoding and warnings',
  options: { values: ['encoding', 'crs', 'fields', 'json', 'kind', 'layer'] },
  async run(args) {
    if (args.positional.length === 0) throw new CliError({ zh: '请给出要导入的文件', en: 'give the file(s) to import' });
    const out = option(args, 'json');
    if (!out) throw new CliError({ zh: '缺少 --json 输出文件', en: 'missing --json OUT' });
    const files = await readFiles(args.positional);
    const fields = await readFieldMapping(option(args, 'fields'));
    const wanted = option(args, 'layer');
    const { layers } = await importLayerJob({
      files,
      only: wanted ? [wanted] : undefined,
      encoding: option(args, 'encoding'),
      crs: option(args, 'crs'),
      fields,
      kind: parseKind(option(args, 'kind')),
    });
    const layer = wanted ? layers.find((l) => l.name === wanted || l.id === wanted) : layers[0];
    if (!layer) throw new CliError({ zh: `${args.positional.join('、')}：没有名为“${wanted}”的图层（现有 ${layers.map((l) => l.name).join('、')}）`, en: `${args.positional.join(', ')}: no layer named "${wanted}" (found ${layers.map((l) => l.name).join(', ')})` });
    await writeJson(out, importJson(layer, layers.filter((l) => l !== layer)));
  },
};
