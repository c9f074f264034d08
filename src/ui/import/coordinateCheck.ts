/**
 * A simple range check on an imported layer's lon/lat: a longitude beyond ±180 or a latitude
 * beyond ±90 cannot be right, and usually means the .prj names the wrong coordinate system
 * (projected metres read as degrees). The message names the file and what to do.
 */
import { bboxOfAll } from '../../core/bbox.ts';
import type { Layer } from '../../core/types.ts';
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
