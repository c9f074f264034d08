/**
 * Ties the accounting to the map: villages coloured by feature-state `gwShare` (groundwater use ÷
 * cap on the chosen basis: demand, or the wells' metered volume), a click on a village selects it, and selecting a unit zooms to it.
 */
import { useEffect } from 'react';
import { shareOnBasis, useAccountingStore } from '../../state/accountingStore.ts';
import { layerOfKind, useProjectStore } from '../../state/projectStore.ts';
import { sourceId, useMapInstance } from '../map/MapContext.tsx';
import { useMapUiStore, whenLayerDrawn } from '../map/mapState.ts';
import { bboxOfUnit, villageCodes } from './villageGeometry.ts';

export function useAccountingMap(): void {
  const map = useMapInstance();
  const villages = useProjectStore((s) => layerOfKind(s.layers, 'villages'));
  const shares = useAccountingStore((s) => s.shares);
  const basis = useAccountingStore((s) => s.mapBasis);
  const picked = useMapUiStore((s) => s.picked);

  useEffect(() => {
    if (!map || !villages) return;
    const share = new Map(shares?.units.filter((u) => u.level === 'village').map((u) => [u.code, shareOnBasis(u, basis)]) ?? []);
    return whenLayerDrawn(villages, () => {
      villageCodes(villages).forEach((code, id) => {
        map.setFeatureState({ source: sourceId(villages.id), id }, { gwShare: share.get(code) ?? null });
      });
    });
  }, [map, villages, shares, basis]);

  useEffect(() => {
    if (!villages || !picked || picked.layerId !== villages.id) return;
    const code = villageCodes(villages)[picked.index];
    if (code) useAccountingStore.getState().select(code);
  }, [picked, villages]);
}

/** Selects a unit and flies the map to it. */
export function selectAndZoom(code: string): void {
  useAccountingStore.getState().select(code);
  const villages = layerOfKind(useProjectStore.getState().layers, 'villages');
  const box = villages ? bboxOfUnit(villages, code) : null;
  if (box) useMapUiStore.getState().fit(box);
}

/** Mount anywhere inside the map to keep village colours in step with the accounting. */
export function AccountingMapSync() {
  useAccountingMap();
  return null;
}
