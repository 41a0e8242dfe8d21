import type { Smp } from '#packages/peppol';

/**
 * An SMP stand-in: every participant can receive every document type, except those listed as
 * unable (by participant id, or `participant|documentType`). Used by the local twin and tests;
 * on AWS the access-point provider looks capabilities up in the real SMP.
 */
export function staticSmp(unable: readonly string[] = []): Smp {
  const refused = new Set(unable.map((u) => u.toLowerCase()));
  return {
    async canReceive(participant, documentType) {
      const p = participant.toLowerCase();
      return !refused.has(p) && !refused.has(`${p}|${documentType.toLowerCase()}`);
    },
  };
}
