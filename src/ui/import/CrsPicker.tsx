/** The detected CRS and how it was found, with a searchable list of the Chinese CRS catalogue. */
import { useMemo, useState } from 'react';
import type { LayerPreview } from '../../jobs/previewImport.ts';
import { searchChineseCrs } from '../../io/read/chineseCrs.ts';
import { GCJ02_CODE } from '../../io/read/gcj02.ts';
import { useLangStore, useT } from '../i18n.ts';

export function CrsPicker({ preview, value, onChange }: { preview: LayerPreview; value: string; onChange(crs: string): void }) {
  const t = useT();
  const lang = useLangStore((s) => s.lang);
  const [query, setQuery] = useState('');
  const matches = useMemo(() => searchChineseCrs(query, 80), [query]);
  const detected = preview.crs
    ? `${preview.crs.code ?? ''} ${preview.crs.name} — ${preview.crs.detail}`
    : `${t('未能确定坐标系', 'Coordinate system unknown')}: ${preview.crsProblem ?? ''}`;
  return (
    <section data-testid="crs-picker">
      <h4>{t('坐标系', 'Coordinate system')}</h4>
      <p className={preview.crs ? undefined : 'warning'}><small>{t('检测结果', 'Detected')}：{detected}</small></p>
      <input
        type="search"
        placeholder={t('搜索：4517、87E、西安 3度带…', 'Search: 4517, 87E, Xian 3-degree…')}
        value={query}
        onChange={(e) => setQuery(e.target.value)}
      />{' '}
      <select value={value} onChange={(e) => onChange(e.target.value)} data-testid="crs-select">
        <option value="">{preview.crs ? t('使用检测结果', 'Use the detected one') : t('请选择…', 'Choose…')}</option>
        <option value={GCJ02_CODE}>{t('GCJ-02（高德、腾讯、DataV 等网络地图坐标，纠偏为 WGS 84）', 'GCJ-02 (AMap, Tencent, DataV web-map coordinates, corrected to WGS 84)')}</option>
        {value && value !== GCJ02_CODE && !matches.some((c) => c.code === value) && <option value={value}>{value}</option>}
        {matches.map((c) => (
          <option key={c.code} value={c.code}>{c.code} {lang === 'zh' ? c.nameZh : c.name}</option>
        ))}
      </select>
    </section>
  );
}
