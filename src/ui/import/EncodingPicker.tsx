/** Encoding selector with the first decoded records, re-decoded when the encoding changes. */
import type { LayerPreview } from '../../jobs/previewImport.ts';
import { COMMON_ENCODINGS } from '../../io/read/encoding.ts';
import { useT } from '../i18n.ts';

const SOURCE_ZH: Record<string, string> = { user: '用户选择', cpg: '.cpg 文件', ldid: 'DBF 语言驱动字节', detected: '自动检测', default: '默认', none: '无属性表' };

export function EncodingPicker({ preview, value, onChange }: { preview: LayerPreview; value: string; onChange(encoding: string): void }) {
  const t = useT();
  const options = COMMON_ENCODINGS.includes(value) ? COMMON_ENCODINGS : [value, ...COMMON_ENCODINGS];
  const columns = preview.fields.slice(0, 8).map((f) => f.name);
  return (
    <section data-testid="encoding-picker">
      <h4>{t('文字编码', 'Text encoding')}</h4>
      <label>
        <select value={value} onChange={(e) => onChange(e.target.value)} disabled={preview.encodingSource === 'none'}>
          {options.map((enc) => <option key={enc} value={enc}>{enc}</option>)}
        </select>{' '}
        <small className={preview.encodingUncertain ? 'warning' : undefined}>
          {t(SOURCE_ZH[preview.encodingSource] ?? preview.encodingSource, preview.encodingSource)}：{preview.encodingDetail}
        </small>
      </label>
      {columns.length > 0 && (
        <table className="table preview">
          <thead><tr>{columns.map((c) => <th key={c}>{c}</th>)}</tr></thead>
          <tbody>
            {preview.sample.map((row, i) => (
              <tr key={i}>{columns.map((c) => <td key={c}>{row[c] === null || row[c] === undefined ? '' : String(row[c])}</td>)}</tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
