/**
 * Everything a user reads has a Chinese text (issue 14, item 6). Scans the sources, so a new
 * message without Chinese fails here whoever writes it:
 * - every `t(zh, en)` in the page has Chinese in `zh` (or is the same code in both languages);
 * - every InputError (a bad file, cell or feature, shown in the page and on the CLI's stderr)
 *   carries Chinese;
 * - every Error the page and its stores throw at the user has Chinese.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const CJK = /[\u3400-\u9fff]/;
const LITERAL = String.raw`(\x60(?:[^\x60\\]|\\.)*\x60|'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")`;

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.tsx?$/.test(name) && !name.endsWith('.d.ts') ? [path] : [];
  });
}

/** file:line and the literal, for every match of `pattern` whose literal (group 1) fails `ok`. */
function offenders(files: string[], pattern: RegExp, ok: (literal: string, match: RegExpExecArray) => boolean): string[] {
  const found: string[] = [];
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(pattern)) {
      if (ok(match[1], match as RegExpExecArray)) continue;
      const line = text.slice(0, match.index).split('\n').length;
      found.push(`${file}:${line} ${match[1].slice(0, 80)}`);
    }
  }
  return found;
}

/** No letters at all (numbers, symbols, placeholders) or only a code such as xlsx, CSV, EPSG:4326. */
const codeOnly = (literal: string) => !/[A-Za-z]{2,}/.test(literal.replace(/\$\{[^}]*\}/g, '')) || /^.(xlsx|CSV|Shapefile|GeoJSON|GBK|UTF-8|English)?.$/.test(literal);

describe('user-visible text has Chinese', () => {
  it('every t(zh, en) in the page has a Chinese text', () => {
    const pattern = new RegExp(String.raw`\bt\(\s*` + LITERAL + String.raw`\s*,\s*` + LITERAL, 'g');
    const found = offenders(sources('src/ui'), pattern, (zh, m) => CJK.test(zh) || codeOnly(zh) || zh === m[2]);
    expect(found).toEqual([]);
  });

  it('every InputError message (bad file, cell or feature) has a Chinese text', () => {
    const pattern = new RegExp(String.raw`new InputError\(\s*[^,()]+(?:\([^()]*\))?\s*,\s*` + LITERAL, 'g');
    const found = offenders(sources('src'), pattern, (message) => CJK.test(message));
    expect(found).toEqual([]);
  });

  it('every error the page and its stores throw at the user has a Chinese text', () => {
    const pattern = new RegExp(String.raw`(?:throw new Error|setError|onResult|setMessage)\(\s*` + LITERAL, 'g');
    const files = [...sources('src/ui'), ...sources('src/state'), ...sources('src/core/edits')];
    const found = offenders(files, pattern, (message) => CJK.test(message) || codeOnly(message));
    expect(found).toEqual([]);
  });
});
