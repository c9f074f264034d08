export * from './plotGeometry.ts';
export * from './selectPlots.ts';
export * from './wellService.ts';
