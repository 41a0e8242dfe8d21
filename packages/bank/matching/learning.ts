import type { BankLine } from '../model.js';
import { loanKey } from './loans.js';
import type { BookedLine, GlTarget, MatchingHistory, TargetCounts } from './model.js';
import { compactIban } from './relations.js';
import { canonicalName, descriptionWords } from './text.js';

/** Loan splits kept per counterparty. */
const MAX_LOAN_SPLITS = 24;
/** Words of one line that are learned at most. */
const MAX_WORDS = 12;

export function emptyHistory(): MatchingHistory {
  return { byIban: {}, byName: {}, byWord: {}, byCode: {}, ibanRelations: {}, loanSplits: {} };
}

/** `glAccount|vatCode`: how targets are counted. */
export const targetKey = (t: GlTarget) => `${t.glAccount}|${t.vatCode ?? ''}`;

export function parseTargetKey(key: string): GlTarget {
  const [glAccount = '', vatCode = ''] = key.split('|');
  return vatCode ? { glAccount, vatCode } : { glAccount };
}

/** Money in and money out are learned apart: `out:` / `in:` before every key. */
export const direction = (line: Pick<BankLine, 'amount'>) => (line.amount < 0 ? 'out' : 'in');

/** The keys a line is learned and looked up under. */
export function historyKeys(
  line: Pick<BankLine, 'amount' | 'counterpartyIban' | 'counterpartyName' | 'remittance' | 'transactionCode'>,
) {
  const dir = direction(line);
  const name = line.counterpartyName ? canonicalName(line.counterpartyName) : '';
  const iban = line.counterpartyIban ? `${dir}:${compactIban(line.counterpartyIban)}` : undefined;
  const plain = descriptionWords(line.remittance).slice(0, MAX_WORDS);
  const scope = iban ?? (name ? `${dir}:${name}` : undefined);
  return {
    iban,
    name: name ? `${dir}:${name}` : undefined,
    /** Only for lines without an IBAN: a transfer's code says nothing about what it paid. */
    code: !iban && line.transactionCode?.trim() ? `${dir}:${line.transactionCode.trim().toUpperCase()}` : undefined,
    words: plain.map((w) => `${dir}:${w}`),
    /** Words of this counterparty (`out:NL86…|omzetbelasting`): one IBAN, several purposes. */
    scopedWords: scope ? plain.map((w) => `${scope}|${w}`) : [],
  };
}

function bump(
  map: Readonly<Record<string, TargetCounts>>,
  key: string | undefined,
  targets: readonly GlTarget[],
): Readonly<Record<string, TargetCounts>> {
  if (!key) return map;
  const counts: Record<string, number> = { ...map[key] };
  for (const target of new Set(targets.map(targetKey))) counts[target] = (counts[target] ?? 0) + 1;
  return { ...map, [key]: counts };
}

/**
 * The history after `line` was booked as `booked`: GL bookings count towards the line's
 * counterparty IBAN, name and description words; open-item bookings teach which relation an
 * IBAN pays for; loan bookings add a split to learn the next one from. Returns a new object.
 */
export function learnFromBooking(history: MatchingHistory, line: BankLine, booked: BookedLine): MatchingHistory {
  const keys = historyKeys(line);
  switch (booked.kind) {
    case 'gl-account': {
      if (booked.lines.length === 0) return history;
      let byWord = history.byWord;
      for (const word of [...keys.words, ...keys.scopedWords]) byWord = bump(byWord, word, booked.lines);
      return {
        ...history,
        byIban: bump(history.byIban, keys.iban, booked.lines),
        byName: bump(history.byName, keys.name, booked.lines),
        byCode: bump(history.byCode ?? {}, keys.code, booked.lines),
        byWord,
      };
    }
    case 'open-items': {
      if (!line.counterpartyIban) return history;
      const iban = compactIban(line.counterpartyIban);
      const known = history.ibanRelations[iban] ?? {};
      return {
        ...history,
        ibanRelations: {
          ...history.ibanRelations,
          [iban]: { ...known, [booked.relationId]: (known[booked.relationId] ?? 0) + 1 },
        },
      };
    }
    case 'loan': {
      const key = loanKey(line);
      if (!key) return history;
      const splits = [
        ...(history.loanSplits[key] ?? []),
        {
          date: line.bookingDate,
          amount: Math.abs(line.amount),
          interest: booked.interest,
          principal: booked.principal,
          interestAccount: booked.interestAccount,
          principalAccount: booked.principalAccount,
        },
      ].slice(-MAX_LOAN_SPLITS);
      return { ...history, loanSplits: { ...history.loanSplits, [key]: splits } };
    }
    default:
      return history;
  }
}
