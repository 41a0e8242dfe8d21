import type { Finding } from '../validation/index.js';

/**
 * How many findings a rejected message's record holds itself. A document can have thousands
 * (one per line of a 5 000-line invoice), far past DynamoDB's 400 KB item limit: the whole list
 * is kept beside the record in the bucket, the record holds the first ones and the count per rule.
 */
export const peppolFindingsKept = 50;

/**
 * How many line responses an MLR carries at most. The MLR travels through the outbound queue
 * (256 KiB a message) and the access point; its description says how many findings there were
 * and that the list is cut.
 */
export const mlrLineResponsesMax = 200;

/** What a rejected message's record says about its findings. */
export interface FindingsSummary {
  /** The first {@link peppolFindingsKept}, in document order. */
  readonly findings: Finding[];
  readonly findingCount: number;
  /** How many findings each rule id raised, rule ids in the order first met. */
  readonly findingsByRule: Record<string, number>;
}

export function summariseFindings(findings: readonly Finding[]): FindingsSummary {
  const findingsByRule: Record<string, number> = {};
  for (const f of findings) findingsByRule[f.id] = (findingsByRule[f.id] ?? 0) + 1;
  return {
    findings: findings.slice(0, peppolFindingsKept).map((f) => ({ ...f })),
    findingCount: findings.length,
    findingsByRule,
  };
}

/**
 * The findings an MLR lists when there are more than `max`: the first of every rule (so each
 * rule id the document breaks is named with a location), then the others in document order,
 * up to `max`, kept in document order.
 */
export function findingsForMlr(findings: readonly Finding[], max = mlrLineResponsesMax): Finding[] {
  if (findings.length <= max) return [...findings];
  const chosen = new Set<number>();
  const seen = new Set<string>();
  findings.forEach((f, i) => {
    if (chosen.size < max && !seen.has(f.id)) {
      seen.add(f.id);
      chosen.add(i);
    }
  });
  for (let i = 0; i < findings.length && chosen.size < max; i++) chosen.add(i);
  return [...chosen].sort((a, b) => a - b).map((i) => findings[i] as Finding);
}

/** `BR-25 × 5000, BR-CO-10 × 1`, the most frequent first. */
export function ruleCounts(byRule: Readonly<Record<string, number>>): string {
  return Object.entries(byRule)
    .sort(([, a], [, b]) => b - a)
    .map(([id, n]) => `${id} × ${n}`)
    .join(', ');
}
