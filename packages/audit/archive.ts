import { type AuditEntry, listFirmAuditForMonth, type Table } from '#packages/table';

/** Where archived trails go; the bucket keeps them (no lifecycle expiry under `exports/`). */
export const auditArchiveKey = (firmId: string, month: string) => `exports/audit/${firmId}/${month}.jsonl`;

export interface ArchiveDeps {
  readonly table: Table;
  /** Stores the archive; overwriting with the same content is harmless. */
  readonly putObject: (key: string, body: string, contentType: string) => Promise<void>;
}

/**
 * The calendar month before `now` as `YYYY-MM`, in UTC like the trail's timestamps (the
 * schedule fires at 02:00 Amsterdam time on the 1st, which is already the 1st in UTC).
 */
export function previousMonth(now: Date): string {
  const prev = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
  return prev.toISOString().slice(0, 7);
}

/**
 * Writes a firm's audit trail of one month to the bucket as JSON Lines, oldest first. The
 * trail is append-only and the month is over, so rerunning writes the same file.
 */
export async function archiveFirmAudit(
  deps: ArchiveDeps,
  firmId: string,
  month: string,
): Promise<{ firmId: string; month: string; key: string; entries: number }> {
  const entries: AuditEntry[] = [];
  let cursor: string | undefined;
  do {
    const page = await listFirmAuditForMonth(deps.table, firmId, month, cursor);
    entries.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  const key = auditArchiveKey(firmId, month);
  await deps.putObject(
    key,
    entries.map((e) => JSON.stringify(e)).join('\n') + (entries.length ? '\n' : ''),
    'application/x-ndjson',
  );
  return { firmId, month, key, entries: entries.length };
}
