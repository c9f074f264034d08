/**
 * Opening a township package of the review round in the page without a server, and saving its
 * return file (src/io/review/reviewPackage.ts, src/state/reviewPackageStore.ts).
 */
import { bboxOfAll } from '../../core/bbox.ts';
import { InputError } from '../../core/types.ts';
import { base64ToBytes, parseReviewPackage, RETURN_SUFFIX } from '../../io/review/reviewPackage.ts';
import { useEditStore } from '../../state/editStore.ts';
import { useProjectStore } from '../../state/projectStore.ts';
import { packageReturn, useReviewPackageStore } from '../../state/reviewPackageStore.ts';
import { useServerLink } from '../../state/serverLink.ts';
import { download } from '../edit/plotsData.ts';
import { openProjectBytes } from '../edit/projectActions.ts';
import { useMapUiStore } from '../map/mapState.ts';

/** Whether a chosen file is a review package rather than a project file. */
export const isReviewPackageName = (name: string): boolean => /\.json$/i.test(name);

/** Opens the package: its project (the township's villages and plots) through the open-project path, the year, the review. */
export function openReviewPackage(bytes: Uint8Array, fileName: string): void {
  if (useServerLink.getState().mode === 'server') {
    throw new InputError(fileName, {
      zh: '审核包供无网络的乡镇在单机版（npm start）中打开；已连接服务器时请直接在「乡镇审核」中审核',
      en: 'A review package is for a township without network, opened in the stand-alone page (npm start); under the server, review in "Township review"',
    });
  }
  const pkg = parseReviewPackage(new TextDecoder('utf-8').decode(bytes), fileName);
  openProjectBytes(base64ToBytes(pkg.projectFile), fileName);
  useProjectStore.getState().setYear(pkg.year);
  // the map shows the township's villages (it fits itself only to the first project it draws)
  const villages = useProjectStore.getState().layers.find((l) => l.kind === 'villages') ?? useProjectStore.getState().layers[0];
  const box = villages ? bboxOfAll(villages.features.features.map((f) => f.geometry)) : null;
  if (box) useMapUiStore.getState().fit(box);
  useReviewPackageStore.getState().open(pkg);
  const operator = useEditStore.getState().userName.trim();
  if (operator) useReviewPackageStore.getState().setOfficial(operator);
}

/** Downloads the return file of the open package. */
export function saveReturnFile(): void {
  const file = packageReturn();
  if (!file) return;
  download(`乡镇审核回执-${file.township}-${file.year}${RETURN_SUFFIX}`, new TextEncoder().encode(JSON.stringify(file, null, 1)), 'application/json');
}
