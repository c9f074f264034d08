/**
 * The page's entry. A fresh browser's sample county is started first (earlySample.ts: its job
 * workers fetch and import the first layers); the app's code is then loaded apart. A worker only
 * starts once the page's main thread is free, and loading the app's code leaves it free
 * meanwhile, where running it at once would keep the workers waiting half a second.
 */
import './ui/earlySample.ts';

const { mountApp } = await import('./ui/mountApp.tsx');
mountApp(document.getElementById('root')!);
