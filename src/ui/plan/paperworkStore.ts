/**
 * The plan's paperwork kept with the project (persistence slot "planPaperwork"): per village the
 * responsible person (村包联责任人) and the township staff member (乡镇包联干部), and per household
 * whether its agreement is signed and when, so the township sees who is left.
 */
import { create } from 'zustand';
import type { PlanPaperwork } from '../../io/write/planXlsx.ts';
import { registerPersistedSlot } from '../../state/persistence.ts';

interface PaperworkState extends Required<PlanPaperwork> {
  setResponsible(villageCode: string, patch: { villagePerson?: string; townshipStaff?: string }): void;
  setAgreement(villageCode: string, household: string, signed: boolean, date?: string): void;
}

export const agreementKey = (villageCode: string, household: string): string => `${villageCode}/${household}`;

export const usePaperworkStore = create<PaperworkState>((set) => ({
  responsible: {},
  agreements: {},
  setResponsible: (villageCode, patch) =>
    set((s) => ({ responsible: { ...s.responsible, [villageCode]: { ...s.responsible[villageCode], ...patch } } })),
  setAgreement: (villageCode, household, signed, date) =>
    set((s) => ({ agreements: { ...s.agreements, [agreementKey(villageCode, household)]: { signed, date: signed ? date ?? new Date().toISOString().slice(0, 10) : undefined } } })),
}));

registerPersistedSlot({
  name: 'planPaperwork',
  snapshot: () => {
    const { responsible, agreements } = usePaperworkStore.getState();
    return { responsible, agreements };
  },
  restore: (value) => {
    const v = value as Partial<PlanPaperwork> | null;
    usePaperworkStore.setState({ responsible: v?.responsible ?? {}, agreements: v?.agreements ?? {} });
  },
  subscribe: (onChange) => usePaperworkStore.subscribe((s, prev) => {
    if (s.responsible !== prev.responsible || s.agreements !== prev.agreements) onChange();
  }),
});
