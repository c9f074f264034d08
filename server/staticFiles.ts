/**
 * The built app (vite build output) from one folder. Paths are resolved inside the folder and
 * never leave it; an unknown path that is not a file gets index.html (the app's single page).
 */
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.wasm': 'application/wasm',
  '.zip': 'application/zip',
  '.csv': 'text/csv; charset=utf-8',
  '.geojson': 'application/geo+json',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

export const SERVER_MARK = 'shuidi-server';

export async function staticResponse(root: string, urlPath: string): Promise<Response> {
  const base = resolve(root);
  let path: string;
  try {
    path = normalize(join(base, decodeURIComponent(urlPath)));
  } catch {
    return new Response('Bad request', { status: 400 });
  }
  if (path !== base && !path.startsWith(base + sep)) return new Response('Not found', { status: 404 });
  const isFile = await stat(path).then((s) => s.isFile(), () => false);
  const file = isFile ? path : join(base, 'index.html');
  let body = await readFile(file).catch(() => null);
  if (!body) return new Response('Not found', { status: 404 });
  // The page learns it is served by the server from this mark, without a request that would fail under `npm start`.
  if (file.endsWith('index.html')) body = Buffer.from(body.toString('utf8').replace('<head>', `<head>\n    <meta name="${SERVER_MARK}" content="1" />`));
  const hashed = /\/assets\//.test(file);
  return new Response(new Uint8Array(body), {
    headers: {
      'content-type': TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
      'cache-control': hashed ? 'public, max-age=31536000, immutable' : 'no-cache',
    },
  });
}
