/** Serves the built app (dist/) on a free loopback port for the browser tests. */
import { existsSync } from 'node:fs';
import { preview, type PreviewServer } from 'vite';
import type { TestProject } from 'vitest/node';
import { SECURITY_HEADERS } from '../../scripts/securityHeaders.mjs';

let server: PreviewServer | undefined;

export async function setup(project: TestProject): Promise<void> {
  if (!existsSync('dist/index.html')) throw new Error('dist/ is missing: run `npx vite build` first (npm test does)');
  // served as `npm start` serves it, so every browser test runs under the same Content-Security-Policy
  server = await preview({ preview: { port: 0, host: '127.0.0.1', strictPort: false, open: false, headers: SECURITY_HEADERS }, logLevel: 'warn' });
  const address = server.httpServer.address();
  if (!address || typeof address === 'string') throw new Error('preview server has no port');
  project.provide('baseUrl', `http://127.0.0.1:${address.port}/`);
}

export async function teardown(): Promise<void> {
  await new Promise<void>((resolve) => server?.httpServer.close(() => resolve()) ?? resolve());
}

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
  }
}
