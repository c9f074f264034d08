/** Every kind of import warning the readers can give has a Chinese name in the page. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { WARNING_KINDS_ZH, warningText } from '../../src/ui/import/warningText.ts';

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : path.endsWith('.ts') ? [path] : [];
  });
}

test('each warning code written by the import has a Chinese name', () => {
  const codes = new Set<string>();
  for (const file of [...files('src/io/read'), ...files('src/core/fields'), ...files('src/core/validation'), 'src/jobs/importLayer.ts']) {
    for (const m of readFileSync(file, 'utf8').matchAll(/code: '([a-z0-9-]+)'/g)) codes.add(m[1]);
    for (const m of readFileSync(file, 'utf8').matchAll(/add\('([a-z0-9-]+)'/g)) codes.add(m[1]);
  }
  expect(codes.size).toBeGreaterThan(15);
  expect([...codes].filter((code) => !(code in WARNING_KINDS_ZH))).toEqual([]);
});

test('the page leads with the kind in Chinese and keeps the detail', () => {
  const warning = { file: 'a.zip', code: 'prj-missing', message: 'no .prj: zone 29 from the eastings' };
  expect(warningText(warning, (zh) => zh)).toBe('缺少 .prj 坐标系文件：no .prj: zone 29 from the eastings');
  expect(warningText(warning, (_zh, en) => en)).toBe('no .prj: zone 29 from the eastings');
});
