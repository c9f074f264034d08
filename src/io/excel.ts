/**
 * exceljs, loaded when a workbook is first read or written: it is most of a megabyte that the
 * page would otherwise parse and run at every opening.
 */
import type ExcelJS from 'exceljs';

export const loadExcel = async (): Promise<typeof ExcelJS> => (await import('exceljs')).default;
