/**
 * How Debian's Chromium is started for the browser tests and the page bench: headless, as root in a
 * sandbox-less container, and with every background connection off (the machine has no network).
 */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--use-gl=angle',
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
];
