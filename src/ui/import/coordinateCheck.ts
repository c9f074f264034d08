/**
 * A simple range check on an imported layer's lon/lat: a longitude beyond ±180 or a latitude
 * beyond ±90 cannot be right, and usually means the .prj names the wrong coordinate system
 * (projected metres read as degrees). The message names the file and what to do.
 */
import { bboxOfAll } from '../../core/bbox.ts';
import type { Layer } from '../../core/types.ts';
import { CHINA_LONLAT_BBOX } from '../../io/read/reproject.ts';
import type { Translate } from '../i18n.ts';

const round = (v: number) => Math.round(v * 10) / 10;

/** The out-of-range extent of a layer, or null when every coordinate is a possible lon/lat. */
export function impossibleExtent(layer: Layer): [number, number, number, number] | null {
  const box = bboxOfAll(layer.features.features.map((f) => f.geometry));
  if (!box) return null;
  const [w, s, e, n] = box;
  return w < -180 || e > 180 || s < -90 || n > 90 || !box.every(Number.isFinite) ? box : null;
}

export function impossibleCoordinatesMessage(layer: Layer, box: readonly number[], t: Translate): string {
  const files = layer.sourceFiles.join('、');
  const [w, s, e, n] = box.map(round);
  return t(
    `${files}：坐标不可能是经纬度（经度 ${w} ~ ${e}，纬度 ${s} ~ ${n}；经度应在 ±180、纬度应在 ±90 以内），未导入。文件的坐标系（.prj）可能写错了：请在“坐标系”下拉框中选择数据真正的坐标系（例如 CGCS2000 高斯-克吕格 3 度带）后再导入。`,
    `${files}: the coordinates cannot be longitude/latitude (lon ${w} to ${e}, lat ${s} to ${n}; they must lie within ±180 and ±90); not imported. The file's coordinate system (.prj) is probably wrong: choose the data's real CRS in the “CRS” list (e.g. CGCS2000 Gauss-Krüger 3° zone) and import again.`,
  );
}

/** Whether a lon/lat box lies inside China (with the import's margin). */
export function insideChina(box: readonly number[]): boolean {
  const [w, s, e, n] = CHINA_LONLAT_BBOX;
  return box[0] >= w && box[2] <= e && box[1] >= s && box[3] <= n;
}

/** Before import: the layer's extent under the chosen CRS is impossible, or outside China. */
export function extentNote(file: string, box: readonly number[], t: Translate): { level: 'error' | 'warning'; text: string } | null {
  const [w, s, e, n] = box.map(round);
  if (box[0] < -180 || box[2] > 180 || box[1] < -90 || box[3] > 90) {
    return {
      level: 'error',
      text: t(
        `${file}：按当前坐标系，坐标不可能是经纬度（经度 ${w} ~ ${e}，纬度 ${s} ~ ${n}），导入会被拒绝。请在上面的“坐标系”中选择数据真正的坐标系（例如 CGCS2000 高斯-克吕格 3 度带）。`,
        `${file}: with this coordinate system the coordinates cannot be lon/lat (lon ${w} to ${e}, lat ${s} to ${n}); the import would be refused. Choose the data's real coordinate system above (e.g. CGCS2000 Gauss-Krüger 3° zone).`,
      ),
    };
  }
  if (!insideChina(box)) {
    return {
      level: 'warning',
      text: t(
        `${file}：按当前坐标系，图层范围（经度 ${w} ~ ${e}，纬度 ${s} ~ ${n}）不在中国境内，坐标系多半不对。请核对上面的“坐标系”，确认无误再导入。`,
        `${file}: with this coordinate system the layer (lon ${w} to ${e}, lat ${s} to ${n}) lies outside China; the coordinate system is probably wrong. Check it above before importing.`,
      ),
    };
  }
  return null;
}
