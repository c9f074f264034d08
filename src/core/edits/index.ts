export * from './types.ts';
export * from './overrideTable.ts';
export * from './applyEdit.ts';
export * from './effective.ts';
export * from './years.ts';
export * from './auditChain.ts';
export * from './auditRows.ts';
export * from './replayAudit.ts';
