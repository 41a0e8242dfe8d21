/**
 * The validation rule releases the engine knows. OpenPeppol publishes Peppol BIS Billing 3.0
 * releases twice a year, each in force from a known date; the engine applies the newest release
 * in force on the day it validates, and can hold the next one beside it before that day.
 *
 * A release is data: its name, the date it is in force from, and the tables derived from its
 * published stylesheets (`tests/eval/official/derive-restrictions.ts` writes them next to this
 * file). Rules whose wording changes between releases check `release.id` where they differ.
 */
export interface RuleRelease {
  /** Short id, reported with every validation result and in the MLR. */
  readonly id: string;
  readonly name: string;
  /** First day (ISO date) the release applies. */
  readonly inForceFrom: string;
}

/** Oldest first. */
export const ruleReleases: readonly RuleRelease[] = [
  {
    id: 'peppol-bis-3.0.21',
    name: 'Peppol BIS Billing 3.0, May 2026 release (3.0.21), with EN 16931 1.3.16, SI-UBL 2.0.3.13 and UBL.BE 1.31',
    inForceFrom: '2026-05-01',
  },
];

/** The release in force on `day` (an ISO date): the newest whose date has come, else the oldest. */
export function releaseInForce(day: string, releases: readonly RuleRelease[] = ruleReleases): RuleRelease {
  const inForce = releases.filter((r) => r.inForceFrom <= day.slice(0, 10));
  return (inForce[inForce.length - 1] ?? releases[0]) as RuleRelease;
}
