/**
 * One fuzz worker process: imports each input it is sent (preview, then import, as the page
 * does) and answers how it ended. Run with a heap limit by runFuzz.ts, which kills it on a hang.
 */
import { importLayerJob } from '../../src/jobs/importLayer.ts';
import { previewImportJob } from '../../src/jobs/previewImport.ts';
import { classifyError, serveFuzzInputs, type FuzzOutcome } from './runFuzz.ts';

const CHINESE = /[\u4e00-\u9fff]/;
/** The start of DamagedInputError's text: the preview keeps only the message. */
const DAMAGED_ZH = '文件已损坏或结构异常';

async function run(files: Record<string, Uint8Array>): Promise<FuzzOutcome> {
  try {
    const preview = await previewImportJob({ files });
    for (const layer of preview.layers) {
      if (layer.error && !CHINESE.test(layer.error)) return { kind: 'internal', message: `preview: ${layer.error.slice(0, 300)}` };
      if (layer.error?.includes(DAMAGED_ZH)) return { kind: 'wrapped', message: `preview: ${layer.error}` };
    }
    const { layers } = await importLayerJob({ files });
    return { kind: 'imported', message: `${layers.length} layers, ${layers.reduce((n, l) => n + l.features.features.length, 0)} features` };
  } catch (error) {
    return classifyError(error);
  }
}

serveFuzzInputs(run);
