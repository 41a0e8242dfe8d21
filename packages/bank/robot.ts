import { z } from 'zod';
import { listOutstandingItems, type OpenItem } from '#packages/invoicing';
import { ConflictError, DomainError, type TenantContext, ValidationError } from '#packages/kernel';
import type { BooksOf } from '#packages/ledger';
import { acceptProposal, type BookingProposal, getProposal, listProposals, proposalIdOf } from '#packages/proposals';
import { listRelations, type Relation } from '#packages/relations';
import { getItem, type Item, queryAll, stripKeys, type Table, transactWrite } from '#packages/table';
import { featureAllowed, type Plan, tenancyRepository } from '#packages/tenancy';
import { requireFirmUser } from './accounts.js';
import { type BookingDeps, type BookingSpec, bookBankLine } from './booking.js';
import { commonCounterparties } from './common-counterparties.js';
import { bankKeys } from './keys.js';
import { getBankLine, lineIndexes, type StoredBankLine } from './lines.js';
import {
  type BankSuggestion,
  type BookedLine,
  defaultMatchingSettings,
  emptyHistory,
  type LoanSchedule,
  learnFromBooking,
  type MatcherKind,
  type MatchingContext,
  type MatchingHistory,
  type MatchingSettings,
  matchBankLines,
  matcherKinds,
  type UnpaidDocument,
} from './matching/index.js';
import { openDocumentRequest } from './requests.js';

/** The robot acts as the firm, under its own name in the trail. */
export const robotTenant = (firmId: string): TenantContext => ({
  firmId,
  userId: 'system:bank-robot',
  userType: 'firm',
});

/** What an administration may change about the robot. */
export const BankSettingsInput = z
  .object({
    priority: z
      .array(z.enum(matcherKinds))
      .min(1)
      .refine((p) => new Set(p).size === p.length, 'List each matcher once.')
      .optional(),
    autoBookThreshold: z.number().min(0.8).max(1).optional().describe('1 switches automatic booking off in practice.'),
    autoBook: z.boolean().optional().describe('false: the robot only suggests.'),
    askClient: z.boolean().optional().describe('false: no missing-document requests are sent.'),
  })
  .strict()
  .meta({ id: 'BankSettingsInput' });
export type BankSettingsInput = z.input<typeof BankSettingsInput>;

export type BankSettings = Partial<MatchingSettings> & { autoBook?: boolean; askClient?: boolean };

export async function readBankSettings(table: Table, adm: BooksOf): Promise<BankSettings> {
  const item = await getItem<Item>(table, bankKeys(adm.firmId, adm.id).settings());
  return item ? stripKeys<BankSettings>(item) : {};
}

export async function putBankSettings(
  deps: { readonly table: Table },
  tenant: TenantContext,
  adm: BooksOf,
  input: BankSettingsInput,
): Promise<BankSettings & { effective: MatchingSettings }> {
  requireFirmUser(tenant, adm, 'changes the bank robot');
  const parsed = BankSettingsInput.safeParse(input);
  if (!parsed.success) {
    throw new ValidationError(parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })));
  }
  const before = await readBankSettings(deps.table, adm);
  const after = { ...before, ...Object.fromEntries(Object.entries(parsed.data).filter(([, v]) => v !== undefined)) };
  await transactWrite(
    deps.table,
    [{ Put: { Item: { ...bankKeys(adm.firmId, adm.id).settings(), ...after } } }],
    () => new ConflictError('CONCURRENT_UPDATE', 'The settings changed at the same time.'),
  );
  return { ...after, effective: effectiveSettings(adm, after) };
}

export function effectiveSettings(adm: BooksOf, settings: BankSettings): MatchingSettings {
  const { autoBook: _a, askClient: _b, ...matching } = settings;
  return { ...defaultMatchingSettings(adm.country), ...matching };
}

async function allPages<T>(read: (cursor?: string) => Promise<{ items: T[]; nextCursor?: string | undefined }>) {
  const out: T[] = [];
  let cursor: string | undefined;
  do {
    const page = await read(cursor);
    out.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return out;
}

function unpaidDocument(p: BookingProposal, relations: ReadonlyMap<string, Relation>): UnpaidDocument | undefined {
  if (p.side !== 'purchase' || p.kind !== 'invoice') return undefined;
  const relation = p.relation.relationId ? relations.get(p.relation.relationId) : undefined;
  return {
    id: p.documentId,
    kind: p.document.source === 'upload' || p.document.source === 'email' ? 'receipt' : 'purchase-invoice',
    amount: p.totals.gross,
    date: p.header.invoiceDate ?? p.document.receivedAt.slice(0, 10),
    supplierName: p.relation.relationName ?? p.relation.proposedRelation?.name,
    supplierIban: relation?.ibans[0] ?? p.relation.proposedRelation?.iban,
  };
}

/** Everything the robot reads for one administration, once per batch of lines. */
export async function matchingContext(
  deps: BookingDeps,
  adm: BooksOf,
): Promise<MatchingContext & { raw: BankSettings; plan: Plan }> {
  const tenant = robotTenant(adm.firmId);
  const k = bankKeys(adm.firmId, adm.id);
  const [administration, settings, history, loans, receivable, payable, relations, proposed] = await Promise.all([
    tenancyRepository(deps.table).getAdministration(adm.firmId, adm.id),
    readBankSettings(deps.table, adm),
    getItem<Item>(deps.table, k.history()),
    queryAll<Item>(deps.table, { pk: k.loans }),
    allPages<OpenItem>((cursor) => listOutstandingItems(deps, adm, 'receivable', { cursor, limit: 200 })),
    allPages<OpenItem>((cursor) => listOutstandingItems(deps, adm, 'payable', { cursor, limit: 200 })),
    allPages<Relation>((cursor) => listRelations(deps, tenant, adm.id, { cursor, limit: 200 })),
    allPages<BookingProposal>((cursor) => listProposals(deps, adm, { status: 'proposed', cursor, limit: 200 })),
  ]);
  const byId = new Map(relations.map((r) => [r.id, r]));
  const plan = administration?.plan ?? 'none';
  const effective = effectiveSettings(adm, settings);
  return {
    raw: settings,
    plan,
    settings: { ...effective, priority: effective.priority.filter((m) => matcherInPlan(plan, m)) },
    history: (history?.history as MatchingHistory | undefined) ?? emptyHistory(),
    loans: loans.map((l) => stripKeys<LoanSchedule>(l)),
    openItems: [...receivable, ...payable],
    relations,
    documents: proposed.map((p) => unpaidDocument(p, byId)).filter((d): d is UnpaidDocument => d !== undefined),
    commonCounterparties: commonCounterparties[adm.country],
  };
}

/**
 * The seeds' feature table: the robot's suggestions come with Samenwerken; splitting loan
 * instalments and matching receipts to the payments that paid them are Uitgebreid's advanced
 * robot.
 */
function matcherInPlan(plan: Plan, matcher: MatcherKind): boolean {
  if (matcher === 'loan') return featureAllowed(plan, 'advanced-bank-suggestions');
  if (matcher === 'document') return featureAllowed(plan, 'advanced-matching');
  return true;
}

/** What the robot did with one line. */
export type RobotOutcome =
  | { readonly lineId: string; readonly outcome: 'auto-booked' | 'suggested' | 'asked-client' | 'manual' }
  | { readonly lineId: string; readonly outcome: 'skipped'; readonly reason: string };

/**
 * Runs the robot over new lines of one administration: a suggestion with its explanation on
 * every line; lines at or above the administration's threshold are booked at once (undo stays
 * possible); a debit line nothing explains gets a missing-document request to the client. A
 * booking that fails (an item paid meanwhile, a closed period) leaves the suggestion waiting
 * with the reason, never a half booking.
 */
export async function runRobot(deps: BookingDeps, adm: BooksOf, lineIds: readonly string[]): Promise<RobotOutcome[]> {
  const lines = (await Promise.all(lineIds.map((id) => getBankLine(deps.table, adm, id)))).filter(
    (l) => l.state === 'to-process',
  );
  if (lines.length === 0) return [];
  const context = await matchingContext(deps, adm);
  if (!featureAllowed(context.plan, 'bank-suggestions')) {
    return lines.map((l) => ({ lineId: l.id, outcome: 'skipped', reason: 'The plan has no bank suggestions.' }));
  }
  const suggestions = matchBankLines(lines, context);
  const outcomes: RobotOutcome[] = [];
  for (const [i, line] of lines.entries()) {
    const suggestion = suggestions[i] as BankSuggestion;
    const stored = await storeSuggestion(deps, adm, line, suggestion);
    outcomes.push(await act(deps, adm, stored, suggestion, context.raw));
  }
  return outcomes;
}

async function act(
  deps: BookingDeps,
  adm: BooksOf,
  line: StoredBankLine,
  suggestion: BankSuggestion,
  settings: BankSettings,
): Promise<RobotOutcome> {
  switch (suggestion.decision) {
    case 'auto-book': {
      if (settings.autoBook === false) return { lineId: line.id, outcome: 'suggested' };
      try {
        await bookAs(deps, robotTenant(adm.firmId), adm, line, suggestion, true);
        return { lineId: line.id, outcome: 'auto-booked' };
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        await noteFailure(deps, adm, line.id, error);
        return { lineId: line.id, outcome: 'suggested' };
      }
    }
    case 'ask-client':
      if (settings.askClient === false) return { lineId: line.id, outcome: 'manual' };
      await openDocumentRequest(deps, robotTenant(adm.firmId), adm, line.id, { automatic: true });
      return { lineId: line.id, outcome: 'asked-client' };
    case 'manual':
      return { lineId: line.id, outcome: 'manual' };
    default:
      return { lineId: line.id, outcome: 'suggested' };
  }
}

async function storeSuggestion(
  deps: BookingDeps,
  adm: BooksOf,
  line: StoredBankLine,
  suggestion: BankSuggestion,
): Promise<StoredBankLine> {
  const at = deps.clock().toISOString();
  const after: StoredBankLine = {
    ...line,
    suggestion: suggestion as unknown as Record<string, unknown>,
    version: line.version + 1,
    updatedAt: at,
  };
  await transactWrite(
    deps.table,
    [
      {
        Put: {
          Item: { ...bankKeys(adm.firmId, adm.id).line(line.id), ...lineIndexes(adm, after), ...after },
          ConditionExpression: 'version = :v',
          ExpressionAttributeValues: { ':v': line.version },
        },
      },
    ],
    () => new ConflictError('LINE_CHANGED', `Line ${line.id} changed while the robot looked at it.`),
  );
  return after;
}

async function noteFailure(deps: BookingDeps, adm: BooksOf, lineId: string, error: DomainError) {
  const line = await getBankLine(deps.table, adm, lineId);
  const suggestion = {
    ...(line.suggestion ?? {}),
    decision: 'suggest',
    bookingFailed: { code: error.code, message: error.message },
  };
  await storeSuggestion(deps, adm, line, suggestion as unknown as BankSuggestion);
}

/** The booking a suggestion stands for; a document match first accepts the document's proposal. */
async function specOf(
  deps: BookingDeps,
  tenant: TenantContext,
  adm: BooksOf,
  suggestion: BankSuggestion,
): Promise<BookingSpec> {
  if (suggestion.kind !== 'document' || !suggestion.documentId) return suggestion;
  const id = proposalIdOf(adm.id, suggestion.documentId);
  let proposal = await getProposal(deps, adm, id);
  if (proposal.status === 'proposed') proposal = await acceptProposal(deps, tenant, adm, id);
  const openItemId = proposal.posted?.openItemId;
  if (proposal.status !== 'accepted' || !openItemId) {
    throw new ConflictError('DOCUMENT_NOT_BOOKED', `The document's proposal is ${proposal.status}; book it first.`);
  }
  const item = (await listOutstandingItems(deps, adm, 'payable', { limit: 200 })).items.find(
    (i) => i.id === openItemId,
  );
  if (!item) throw new ConflictError('DOCUMENT_PAID', 'The document is paid already.');
  return { ...suggestion, allocations: [{ openItemId, amount: item.outstanding, settles: true }], glLines: [] };
}

/** Books a line as a suggestion and teaches the robot what was booked. */
export async function bookAs(
  deps: BookingDeps,
  tenant: TenantContext,
  adm: BooksOf,
  line: StoredBankLine,
  suggestion: BankSuggestion,
  automatic: boolean,
): Promise<StoredBankLine> {
  const spec = await specOf(deps, tenant, adm, suggestion);
  const booked = await bookBankLine(deps, tenant, adm, line.id, spec, { automatic });
  await learn(deps, adm, line, spec);
  return booked;
}

/** What a booking teaches: which relation an IBAN pays for, the GL accounts of a counterparty, a loan's split. */
function lessonOf(spec: BookingSpec): BookedLine | undefined {
  if (spec.allocations.length > 0)
    return spec.relationId ? { kind: 'open-items', relationId: spec.relationId } : undefined;
  const interest = spec.glLines.find((l) => l.role === 'interest');
  const principal = spec.glLines.find((l) => l.role === 'principal');
  if (spec.kind === 'loan' && interest && principal) {
    return {
      kind: 'loan',
      interest: Math.abs(interest.amount),
      principal: Math.abs(principal.amount),
      interestAccount: interest.glAccount,
      principalAccount: principal.glAccount,
    };
  }
  if (spec.glLines.length === 0) return undefined;
  return { kind: 'gl-account', lines: spec.glLines.map((l) => ({ glAccount: l.glAccount, vatCode: l.vatCode })) };
}

/**
 * The history after a booking, kept as one item with a version: a concurrent booking that
 * changed it first costs this lesson (the booking itself stands), never a lost booking.
 */
export async function learn(deps: BookingDeps, adm: BooksOf, line: StoredBankLine, spec: BookingSpec) {
  const booked = lessonOf(spec);
  if (!booked) return;
  const key = bankKeys(adm.firmId, adm.id).history();
  const item = await getItem<Item & { version?: number; history?: MatchingHistory }>(deps.table, key);
  const history = learnFromBooking(item?.history ?? emptyHistory(), line, booked);
  const version = item?.version ?? 0;
  await transactWrite(
    deps.table,
    [
      {
        Put: {
          Item: { ...key, history, version: version + 1 },
          ConditionExpression: item ? 'version = :v' : 'attribute_not_exists(pk)',
          ...(item ? { ExpressionAttributeValues: { ':v': version } } : {}),
        },
      },
    ],
    () => new ConflictError('HISTORY_CHANGED', 'The robot learnt from another booking at the same time.'),
  ).catch((error: unknown) => {
    if (!(error instanceof ConflictError)) throw error;
  });
}

/** New lines of one administration for the robot (the `bank-lines` queue), at most 50 to a message. */
export const BankLinesMessage = z.object({
  version: z.literal(1),
  firmId: z.string(),
  administrationId: z.string(),
  country: z.enum(['NL', 'BE']),
  lineIds: z.array(z.string()).min(1).max(50),
});
export type BankLinesMessage = z.infer<typeof BankLinesMessage>;

/** The messages that hand `lineIds` to the robot. */
export function bankLinesMessages(adm: BooksOf, lineIds: readonly string[]): BankLinesMessage[] {
  const out: BankLinesMessage[] = [];
  for (let i = 0; i < lineIds.length; i += 50) {
    out.push({
      version: 1,
      firmId: adm.firmId,
      administrationId: adm.id,
      country: adm.country,
      lineIds: lineIds.slice(i, i + 50),
    });
  }
  return out;
}

export const RejectSuggestionInput = z
  .object({ reason: z.string().trim().min(1).max(500).optional() })
  .strict()
  .meta({ id: 'RejectSuggestionInput' });
export type RejectSuggestionInput = z.input<typeof RejectSuggestionInput>;

/**
 * The accountant turns the robot's suggestion down: it stays on the line, marked rejected with
 * who and why, so it is neither booked by one click nor offered again as if new.
 */
export async function rejectSuggestion(
  deps: BookingDeps,
  tenant: TenantContext,
  adm: BooksOf,
  lineId: string,
  input: RejectSuggestionInput,
): Promise<StoredBankLine> {
  requireFirmUser(tenant, adm, 'rejects bank suggestions');
  const { reason } = RejectSuggestionInput.parse(input);
  const line = await getBankLine(deps.table, adm, lineId);
  if (line.state !== 'to-process') throw new ConflictError('LINE_BOOKED', `Line ${lineId} is booked already.`);
  if (!line.suggestion) throw new ConflictError('NO_SUGGESTION', `Line ${lineId} has no suggestion.`);
  const rejected = { by: tenant.userId, at: deps.clock().toISOString(), ...(reason ? { reason } : {}) };
  return storeSuggestion(deps, adm, line, { ...line.suggestion, rejected } as unknown as BankSuggestion);
}
