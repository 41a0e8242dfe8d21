import type { Country } from '#packages/kernel';
import { getItem, type Item, type Key, type Table, type TransactWrite } from '#packages/table';
import { firmLearningKey, proposalKeys } from './keys.js';
import type { DocumentLine, ProposalLine, ProposalSide } from './model.js';
import type { Counters, PairCount } from './suggest.js';
import { descriptionWords } from './text.js';

/**
 * The counters suggestions learn from. One item per relation and side in an administration,
 * and one per supplier identifier (VAT number, IBAN) firm-wide, each holding flat numeric
 * attributes that acceptances `ADD` to, so learning needs no read and no lock:
 * `p|<gl>|<vat>` bookings of a pair, `w|<word>|<gl>|<vat>` bookings of lines with a word,
 * and firm-wide `a|<gl>|<vat>`, the set of administrations the pair was booked in.
 */

/** Word counters stop growing past this many attributes (an item holds at most 400 KB). */
const MAX_WORD_ATTRIBUTES = 4000;
/** Word terms one acceptance adds at most (one update expression stays well under 4 KB). */
const MAX_WORD_TERMS = 120;

export interface LearnedItem {
  readonly counters: Counters;
  readonly wordAttributes: number;
}

/** Reads the counters of an item's attributes. */
export function countersOf(item: Record<string, unknown> | undefined): LearnedItem {
  if (!item) return { counters: { pairs: [], words: new Map() }, wordAttributes: 0 };
  const pairs: PairCount[] = [];
  const words = new Map<string, PairCount[]>();
  const adms = new Map<string, number>();
  for (const [name, value] of Object.entries(item)) {
    const parts = name.split('|');
    if (parts[0] === 'a' && parts.length === 3 && value instanceof Set) adms.set(`${parts[1]}|${parts[2]}`, value.size);
  }
  let wordAttributes = 0;
  for (const [name, value] of Object.entries(item)) {
    if (typeof value !== 'number') continue;
    const parts = name.split('|');
    if (parts[0] === 'p' && parts.length === 3) {
      const [, glAccount = '', vatCode = ''] = parts;
      const administrations = adms.get(`${glAccount}|${vatCode}`);
      pairs.push({ glAccount, vatCode, count: value, ...(administrations ? { administrations } : {}) });
    } else if (parts[0] === 'w' && parts.length === 4) {
      wordAttributes++;
      const [, word = '', glAccount = '', vatCode = ''] = parts;
      words.set(word, [...(words.get(word) ?? []), { glAccount, vatCode, count: value }]);
    }
  }
  const documents = typeof item.documents === 'number' ? item.documents : undefined;
  return { counters: { pairs, words, ...(documents !== undefined ? { documents } : {}) }, wordAttributes };
}

export async function readRelationCounters(
  table: Table,
  firmId: string,
  administrationId: string,
  relationId: string,
  side: ProposalSide,
): Promise<LearnedItem> {
  return countersOf(
    await getItem<Item>(table, proposalKeys(firmId, administrationId).relationLearning(relationId, side), false),
  );
}

/** The identifiers a supplier is known by firm-wide, strongest first. */
export interface FirmIdentifiers {
  readonly vatNumber?: string | undefined;
  readonly iban?: string | undefined;
}

function firmKeys(firmId: string, country: Country, side: ProposalSide, ids: FirmIdentifiers) {
  const keys: { via: 'vatNumber' | 'iban'; key: Key }[] = [];
  if (ids.vatNumber)
    keys.push({
      via: 'vatNumber',
      key: firmLearningKey(firmId, country, side, { kind: 'vatNumber', value: ids.vatNumber }),
    });
  if (ids.iban)
    keys.push({ via: 'iban', key: firmLearningKey(firmId, country, side, { kind: 'iban', value: ids.iban }) });
  return keys;
}

/** The firm-wide counters of a supplier of a chart's country: by VAT number, else by IBAN. */
export async function readFirmCounters(
  table: Table,
  firmId: string,
  country: Country,
  side: ProposalSide,
  ids: FirmIdentifiers,
): Promise<{ counters: Counters; via: 'vatNumber' | 'iban' } | undefined> {
  for (const { via, key } of firmKeys(firmId, country, side, ids)) {
    const { counters } = countersOf(await getItem<Item>(table, key, false));
    if (counters.pairs.length > 0) return { counters, via };
  }
  return undefined;
}

/** What an accepted proposal teaches: its pairs, and the words of its document lines per pair. */
export function lessonsOf(
  lines: readonly Pick<ProposalLine, 'glAccount' | 'vatCode' | 'sourceLineIndexes'>[],
  documentLines: readonly Pick<DocumentLine, 'description'>[],
): { pairs: string[]; words: string[] } {
  const pairs = new Set<string>();
  const words = new Set<string>();
  for (const line of lines) {
    if (!line.vatCode) continue;
    const pair = `${line.glAccount}|${line.vatCode}`;
    pairs.add(pair);
    for (const index of line.sourceLineIndexes) {
      const description = documentLines[index]?.description;
      if (!description) continue;
      for (const word of descriptionWords(description)) {
        if (words.size >= MAX_WORD_TERMS) break;
        words.add(`${word}|${pair}`);
      }
    }
  }
  return { pairs: [...pairs], words: [...words] };
}

function addUpdate(
  key: Key,
  lessons: { pairs: string[]; words: string[] },
  set: Record<string, unknown>,
  administrationId?: string,
): TransactWrite {
  const names: Record<string, string> = { '#docs': 'documents' };
  const values: Record<string, unknown> = { ':one': 1 };
  const adds = ['#docs :one'];
  lessons.pairs.forEach((pair, i) => {
    names[`#p${i}`] = `p|${pair}`;
    adds.push(`#p${i} :one`);
    if (administrationId) {
      names[`#a${i}`] = `a|${pair}`;
      adds.push(`#a${i} :adm`);
    }
  });
  lessons.words.forEach((term, i) => {
    names[`#w${i}`] = `w|${term}`;
    adds.push(`#w${i} :one`);
  });
  if (administrationId) values[':adm'] = new Set([administrationId]);
  const sets = Object.entries(set).map(([name, value], i) => {
    names[`#s${i}`] = name;
    values[`:s${i}`] = value;
    return `#s${i} = :s${i}`;
  });
  return {
    Update: {
      Key: key,
      UpdateExpression: `ADD ${adds.join(', ')}${sets.length > 0 ? ` SET ${sets.join(', ')}` : ''}`,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    },
  };
}

/**
 * The counter updates of one acceptance, written in its transaction: the relation's counters
 * in the administration (pairs and words; words no more once the item holds many), and the
 * firm-wide counters under the supplier's VAT number and IBAN for the chart's country.
 */
export function learningWrites(a: {
  firmId: string;
  administrationId: string;
  country: Country;
  side: ProposalSide;
  relationId: string;
  identifiers: FirmIdentifiers;
  lines: readonly Pick<ProposalLine, 'glAccount' | 'vatCode' | 'sourceLineIndexes'>[];
  documentLines: readonly Pick<DocumentLine, 'description'>[];
  /** How many word counters each item holds now (see {@link learnedSizes}). */
  sizes: LearnedSizes;
  at: Date;
}): TransactWrite[] {
  const lessons = lessonsOf(a.lines, a.documentLines);
  if (lessons.pairs.length === 0) return [];
  const capped = (size: number) => (size >= MAX_WORD_ATTRIBUTES ? { ...lessons, words: [] } : lessons);
  const at = a.at.toISOString();
  return [
    addUpdate(
      proposalKeys(a.firmId, a.administrationId).relationLearning(a.relationId, a.side),
      capped(a.sizes.relation),
      { relationId: a.relationId, updatedAt: at },
    ),
    ...firmKeys(a.firmId, a.country, a.side, a.identifiers).map(({ via, key }) =>
      addUpdate(key, capped(a.sizes[via]), { updatedAt: at }, a.administrationId),
    ),
  ];
}

/** The number of word counters of the items an acceptance adds to. */
export interface LearnedSizes {
  readonly relation: number;
  readonly vatNumber: number;
  readonly iban: number;
}

/** Reads how large the items an acceptance adds to are (three GetItems at most). */
export async function learnedSizes(
  table: Table,
  a: {
    firmId: string;
    administrationId: string;
    country: Country;
    side: ProposalSide;
    relationId: string;
    identifiers: FirmIdentifiers;
  },
): Promise<LearnedSizes> {
  const relation = await readRelationCounters(table, a.firmId, a.administrationId, a.relationId, a.side);
  const sizes = { relation: relation.wordAttributes, vatNumber: 0, iban: 0 };
  for (const { via, key } of firmKeys(a.firmId, a.country, a.side, a.identifiers)) {
    sizes[via] = countersOf(await getItem<Item>(table, key, false)).wordAttributes;
  }
  return sizes;
}
