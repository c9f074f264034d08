import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { previewImportJob } from '../../src/jobs/previewImport.ts';
import { importLayerJob } from '../../src/jobs/importLayer.ts';
import { importInput, initialSettings, mappingFromSettings, readyToImport, settingsFromMapping } from '../../src/ui/import/importSettings.ts';
import { parseFieldMapping } from '../../src/core/fields/mapping.ts';
import { FIXTURES, loadFile } from './helpers.ts';

describe('import dialog settings → import job', () => {
  it('imports one layer of a two-layer zip with the chosen kind, mapping and value table', async () => {
    const files = loadFile(join(FIXTURES, 'gbk/two_layers.zip'));
    const { layers: previews } = await previewImportJob({ files });
    const plots = previews.find((p) => p.name === 'plots_4538')!;
    const settings = initialSettings(plots);
    expect(settings.kind).toBe('plots');
    settings.fields['作物'] = ''; // the user un-maps the crop column
    settings.values = { ZT: { 退耕: '休耕' } }; // and reads 退耕 as fallow here
    const { layers } = await importLayerJob(importInput(files, plots, settings));
    expect(layers.map((l) => l.name)).toEqual(['plots_4538']);
    expect(layers[0].features.features.map((f) => f.properties.ZT)).toEqual(['种植', '休耕', '休耕']);
    expect(layers[0].fields.map((f) => f.name)).toContain('作物');
    expect(layers[0].features.features[0].properties).not.toHaveProperty('ZZZW');
  });

  it('is not ready until a CRS is known', async () => {
    const files = loadFile(join(FIXTURES, 'gbk/plots_4538_noprj.zip'));
    const [preview] = (await previewImportJob({ files })).layers;
    const settings = initialSettings(preview);
    expect(readyToImport(preview, settings)).toBe(false);
    expect(readyToImport(preview, { ...settings, crs: 'EPSG:4538' })).toBe(true);
  });
});

describe('saved mappings', () => {
  it('round-trips through the --fields JSON format', async () => {
    const files = loadFile(join(FIXTURES, 'gbk/plots_4517_gbk.zip'));
    const [preview] = (await previewImportJob({ files })).layers;
    const chosen = { ...initialSettings(preview), values: { ZT: { 退耕: '休耕' } } };
    const saved = JSON.parse(JSON.stringify(mappingFromSettings(preview, chosen)));
    const restored = settingsFromMapping(initialSettings(preview), parseFieldMapping(saved));
    expect(mappingFromSettings(preview, restored)).toEqual(mappingFromSettings(preview, chosen));
    expect(saved).toMatchObject({ kind: 'plots', fields: { 作物: 'ZZZW', 状态: 'ZT' }, values: { ZT: { 退耕: '休耕' } } });
  });
});
