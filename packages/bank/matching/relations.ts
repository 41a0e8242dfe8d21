import type { BankLine } from '../model.js';
import type { Evidence, MatchingHistory, MatchRelation } from './model.js';
import { nameSimilarity } from './text.js';

/** The relation a line's counterparty is, and how sure that is (0..1). */
export interface RelationMatch {
  readonly relation: MatchRelation;
  readonly score: number;
  readonly via: 'iban' | 'learned-iban' | 'name';
  readonly evidence: Evidence;
}

/** Below this a name is not taken as the relation's. */
const MIN_NAME_SIMILARITY = 0.82;

export const compactIban = (iban: string) => iban.replace(/\s/g, '').toUpperCase();

/**
 * Who the counterparty is: a relation holding the line's IBAN, else one an earlier booking
 * showed that IBAN paying for, else the most alike name (typos, legal forms, case and accents
 * tolerated). A name only counts when it is clearly closer than the next relation's.
 */
export function identifyRelation(
  line: Pick<BankLine, 'counterpartyIban' | 'counterpartyName'>,
  relations: readonly MatchRelation[],
  history: MatchingHistory | undefined,
): RelationMatch | undefined {
  const iban = line.counterpartyIban ? compactIban(line.counterpartyIban) : undefined;
  if (iban) {
    const holders = relations.filter((r) => r.ibans.some((i) => compactIban(i) === iban));
    if (holders.length === 1 && holders[0]) {
      return {
        relation: holders[0],
        score: 1,
        via: 'iban',
        evidence: { kind: 'iban', score: 1, detail: `IBAN ${iban} belongs to ${holders[0].name}.` },
      };
    }
    const learned = history?.ibanRelations[iban];
    if (learned) {
      const [best, second] = Object.entries(learned).sort((a, b) => b[1] - a[1]);
      const relation = best && relations.find((r) => r.id === best[0]);
      if (relation && best && (!second || best[1] >= 3 * second[1])) {
        const score = best[1] >= 2 ? 0.99 : 0.96;
        return {
          relation,
          score,
          via: 'learned-iban',
          evidence: {
            kind: 'learned-iban',
            score,
            detail: `IBAN ${iban} paid for ${relation.name} ${best[1]} time(s) before.`,
          },
        };
      }
    }
  }
  const name = line.counterpartyName?.trim();
  if (!name) return undefined;
  const scored = relations
    .map((relation) => ({ relation, similarity: nameSimilarity(name, relation.name) }))
    .sort((a, b) => b.similarity - a.similarity);
  const [best, second] = scored;
  if (!best || best.similarity < MIN_NAME_SIMILARITY) return undefined;
  const margin = best.similarity - (second?.similarity ?? 0);
  // Two relations about as alike as each other: the name does not decide.
  const score = margin >= 0.1 ? best.similarity : best.similarity - (0.1 - margin);
  if (score < MIN_NAME_SIMILARITY - 0.1) return undefined;
  const exact = best.similarity === 1;
  return {
    relation: best.relation,
    score,
    via: 'name',
    evidence: {
      kind: 'name',
      score,
      detail: exact
        ? `The counterparty name '${name}' is ${best.relation.name}.`
        : `The counterparty name '${name}' resembles ${best.relation.name} (${Math.round(best.similarity * 100)} %)${margin < 0.1 ? `, but also ${second?.relation.name}` : ''}.`,
    },
  };
}
