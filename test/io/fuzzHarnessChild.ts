/** A fuzz child that misbehaves on purpose, by file name: the harness must tell each case apart. */
import { InputError } from '../../src/core/types.ts';
import { classifyError, serveFuzzInputs } from '../../scripts/fuzz/runFuzz.ts';

serveFuzzInputs(async (files) => {
  const name = Object.keys(files)[0];
  try {
    if (name === 'hang') for (;;);
    if (name === 'heap') {
      const hold: number[][] = [];
      for (;;) hold.push(new Array(1_000_000).fill(1));
    }
    if (name === 'type') throw new TypeError("Cannot read properties of null (reading 'length')");
    if (name === 'english') throw new Error('something broke');
    if (name === 'clean') throw new InputError('a.shp', { zh: '文件是空的', en: 'empty' });
    return { kind: 'imported', message: 'ok' };
  } catch (error) {
    return classifyError(error);
  }
});
