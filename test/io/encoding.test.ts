import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { detectEncoding, normalizeEncoding, readCpg } from '../../src/io/read/encoding.ts';
import { dbfTextBytes, readDbfHeader, readDbfRecords, decodeFieldNames } from '../../src/io/read/dbf.ts';
import { REAL } from './helpers.ts';

const bytes = (path: string): Uint8Array => new Uint8Array(readFileSync(join(REAL, path)));

function firstName(path: string, encoding: string): unknown {
  const b = bytes(path);
  const header = readDbfHeader(b, path);
  const names = decodeFieldNames(header, encoding);
  return readDbfRecords(b, header, names, encoding, 0, 1)[0][names[0]];
}

describe('encoding labels', () => {
  it('maps Windows code-page labels that TextDecoder rejects', () => {
    expect(normalizeEncoding('CP936')).toBe('gbk');
    expect(normalizeEncoding('936')).toBe('gbk');
    expect(normalizeEncoding('windows-936')).toBe('gbk');
    expect(normalizeEncoding(' GB2312\r\n')).toBe('gbk');
    expect(normalizeEncoding('ANSI 1250')).toBe('windows-1250');
    expect(normalizeEncoding('UTF-8')).toBe('utf-8');
    expect(normalizeEncoding('GB18030')).toBe('gb18030');
    expect(normalizeEncoding('no-such-encoding')).toBeNull();
  });

  it('ignores a .cpg that is an HTML page (shpjs htmlcpg)', () => {
    const result = readCpg(bytes('shpjs/htmlcpg.cpg'));
    expect(result.encoding).toBeNull();
    expect(result.problem).toMatch(/HTML/);
  });
});

describe('whole-file detection', () => {
  it('GBK text is not valid UTF-8 and is read as GB18030', () => {
    const gbk = new Uint8Array([0xcb, 0xae, 0xbd, 0xbd, 0xb5, 0xd8]); // 水浇地
    const d = detectEncoding(gbk);
    expect(d.encoding).toBe('gb18030');
    expect(new TextDecoder(d.encoding).decode(gbk)).toBe('水浇地');
  });

  it('decodes mapshaper gbk.dbf (no .cpg, LDID 0) by detection', () => {
    const b = bytes('mapshaper/gbk.dbf');
    const header = readDbfHeader(b, 'gbk.dbf');
    expect(header.ldid).toBe(0);
    const d = detectEncoding(dbfTextBytes(b, header));
    expect(d.encoding).toBe('gb18030');
    expect(firstName('mapshaper/gbk.dbf', d.encoding)).toBe('简体国语');
    expect(firstName('mapshaper/gb2312.dbf', d.encoding)).toBe('简体国语');
  });

  it('detects UTF-8 (mapshaper utf8.dbf) and falls back to windows-1252 for Latin text', () => {
    const utf = bytes('mapshaper/utf8.dbf');
    expect(detectEncoding(dbfTextBytes(utf, readDbfHeader(utf, 'utf8.dbf'))).encoding).toBe('utf-8');
    expect(firstName('mapshaper/utf8.dbf', 'utf-8')).toBe('国语國語');
    const latin = bytes('mapshaper/latin1.dbf');
    const d = detectEncoding(dbfTextBytes(latin, readDbfHeader(latin, 'latin1.dbf')));
    expect(d).toMatchObject({ encoding: 'windows-1252', uncertain: true });
    expect(firstName('mapshaper/latin1.dbf', d.encoding)).toBe('Peçeña México');
  });

  it('Big5 is not taken for GBK; the user choice decodes it', () => {
    const b = bytes('mapshaper/big5.dbf');
    expect(detectEncoding(dbfTextBytes(b, readDbfHeader(b, 'big5.dbf'))).encoding).not.toBe('gb18030');
    expect(firstName('mapshaper/big5.dbf', 'big5')).toBe('繁體國語');
  });

  it('decodes the mapshaper .cpg cases with the label from the .cpg', () => {
    const cases: [string, string][] = [
      ['big5', '國語'], ['latin2', 'čeština'], ['win1251', 'РУССКИЙ'], ['koi8r', 'русский'],
      ['shiftjis', 'カタカナひらがな'], ['euckr', '한국말'], ['win874', 'ภาษาไทย'],
    ];
    for (const [name, expected] of cases) {
      const cpg = readCpg(bytes(`mapshaper/cpg/${name}.cpg`));
      expect(cpg.encoding, name).not.toBeNull();
      expect(firstName(`mapshaper/cpg/${name}.dbf`, cpg.encoding!), name).toBe(expected);
    }
  });
});
