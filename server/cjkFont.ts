/**
 * A font with Chinese glyphs on this machine, for the PDFs (the village notice and the monthly
 * bulletin of the CLI, a signed township's review on the server): SHUIDI_CJK_FONT (a path, or
 * path#PostScriptName for a .ttc), then common Debian paths, then fontconfig. The writers take
 * the font's bytes (src/io/write/pdfWriter.ts), so they stay free of the file system.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { NoticeFont } from '../src/io/write/planNotice.ts';

/** Fonts with Chinese glyphs, best first after SHUIDI_CJK_FONT. */
const FONT_CANDIDATES = [
  // TrueType outlines first: they subset cleanly, so a notice is ~100 kB; CFF (Noto CJK) is embedded whole
  '/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf',
  '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc#WenQuanYiMicroHei',
  '/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc#WenQuanYiZenHei',
  '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc#NotoSansCJKsc-Regular',
  '/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc#NotoSerifCJKsc-Regular',
];

function fontconfigCjk(): string[] {
  try {
    return execFileSync('fc-list', [':lang=zh', 'file', 'postscriptname'], { encoding: 'utf8' }).split('\n')
      .map((line) => /^(.+?):\s*postscriptname=(.+)$/.exec(line.trim()))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => (/\.tt[cf]$|\.otf$/i.test(m[1]) ? `${m[1]}#${m[2]}` : ''))
      .filter(Boolean);
  } catch {
    return [];
  }
}

/** The first font found, or null when the machine has none. */
export async function findCjkFontFile(): Promise<NoticeFont | null> {
  const wanted = process.env.SHUIDI_CJK_FONT;
  for (const spec of [...(wanted ? [wanted] : []), ...FONT_CANDIDATES, ...fontconfigCjk()]) {
    const [path, postscriptName] = spec.split('#');
    if (!existsSync(path)) continue;
    const collection = /\.ttc$/i.test(path);
    return { bytes: new Uint8Array(await readFile(path)), postscriptName: collection ? postscriptName : undefined };
  }
  return null;
}
