import { type Cents, type Country, type FieldIssue, ValidationError } from '#packages/kernel';
import { vatBoxes, vatCode } from '../templates/index.js';

/**
 * What the ledger posted in a period, per VAT code: the taxable base and the VAT of the lines
 * carrying that code. Amounts count in the code's own direction — an invoice (sales or purchase)
 * is positive, a credit note negative — and `creditNote` says which of the two a total holds.
 * The same code may appear more than once; its totals add up.
 */
export type VatCodeTotals = readonly {
  readonly code: string;
  readonly creditNote: boolean;
  readonly base: Cents;
  readonly vat: Cents;
}[];

/**
 * A VAT return in cents. `boxes` holds every field of the country's form (zero when empty):
 * Belgian grids by number (`'03'`, `'54'`, `'71'`); Dutch rubrieken with two columns split into
 * `'1a.base'` (turnover) and `'1a.vat'` (VAT), the totals as `'5a'`…`'5g'`. Object keys do not
 * keep form order (JavaScript lists `'44'` before `'03'`); walk {@link vatReturnFields} for that.
 * `payable` is what the declarant pays, `refundable` what it may reclaim; at most one is non-zero.
 */
export interface VatReturn {
  readonly country: Country;
  readonly boxes: Readonly<Record<string, Cents>>;
  readonly payable: Cents;
  readonly refundable: Cents;
}

export interface VatReturnOptions {
  /**
   * Amounts entered by hand on the boxes that are neither posted nor derived: Dutch 5e/5f
   * (estimates, signed as they change the amount due) and Belgian 61/62 (corrections in
   * favour of the State and of the declarant).
   */
  readonly adjustments?: Readonly<Record<string, Cents>>;
}

/** Every field of each country's return, in form order (see {@link VatReturn}). */
export const vatReturnFields: Record<Country, readonly string[]> = {
  NL: [
    '1a.base',
    '1a.vat',
    '1b.base',
    '1b.vat',
    '1c.base',
    '1c.vat',
    '1d.base',
    '1d.vat',
    '1e.base',
    '2a.base',
    '2a.vat',
    '3a.base',
    '3b.base',
    '3c.base',
    '4a.base',
    '4a.vat',
    '4b.base',
    '4b.vat',
    '5a',
    '5b',
    '5c',
    '5d',
    '5e',
    '5f',
    '5g',
  ],
  BE: [...vatBoxes.BE],
};

/** Boxes a caller may fill by hand through {@link VatReturnOptions.adjustments}. */
export const adjustableVatBoxes: Record<Country, readonly string[]> = { NL: ['5e', '5f'], BE: ['61', '62'] };

/** Belgian credit-note grids report credit notes as positive amounts. */
const creditNoteGrids: Record<Country, ReadonlySet<string>> = {
  NL: new Set(),
  BE: new Set(['48', '49', '63', '64', '84', '85']),
};

/** VAT columns of the Dutch rubrieken that add up to 5a (sections 1 to 4). */
const nlVatDue = ['1a.vat', '1b.vat', '1c.vat', '1d.vat', '2a.vat', '4a.vat', '4b.vat'] as const;

/**
 * The field a code's box fills: the box itself when the form has a single field of that name,
 * else the box's base or VAT column (Dutch rubrieken 1a–4b).
 */
export function vatReturnField(country: Country, box: string, part: 'base' | 'vat'): string {
  return vatReturnFields[country].includes(box) ? box : `${box}.${part}`;
}

/**
 * Builds the VAT return of `country` from the period's per-code totals: each total goes through
 * its code's boxes (its credit-note boxes for credit notes when the code has them), then the
 * derived boxes are computed — NL 5a (VAT of sections 1–4), 5c (5a − 5b), 5d (0: the small
 * business reduction no longer exists) and 5g (5c − 5d + 5e + 5f); BE 71 or 72 from
 * 54 + 55 + 56 + 57 + 61 + 63 − (59 + 62 + 64). Integer sums only, so the order of `totals` does
 * not matter. Throws a `ValidationError` for unknown codes, non-integer amounts and adjustments
 * to boxes that cannot be adjusted.
 */
export function computeVatReturn(country: Country, totals: VatCodeTotals, options: VatReturnOptions = {}): VatReturn {
  const fields = vatReturnFields[country];
  const sums = new Map<string, Cents>(fields.map((field) => [field, 0]));
  const add = (field: string, amount: Cents) => sums.set(field, (sums.get(field) ?? 0) + amount);
  const issues: FieldIssue[] = [];

  totals.forEach((total, i) => {
    const code = vatCode(country, total.code);
    if (!code) {
      issues.push({ path: `totals.${i}.code`, message: `No VAT code ${total.code} in ${country}.` });
      return;
    }
    if (!Number.isSafeInteger(total.base)) issues.push({ path: `totals.${i}.base`, message: 'Whole cents only.' });
    if (!Number.isSafeInteger(total.vat)) issues.push({ path: `totals.${i}.vat`, message: 'Whole cents only.' });
    if (!Number.isSafeInteger(total.base) || !Number.isSafeInteger(total.vat)) return;

    const boxes = total.creditNote && code.creditNoteBoxes ? code.creditNoteBoxes : code.boxes;
    const signed = (box: string, amount: Cents) =>
      total.creditNote && creditNoteGrids[country].has(box) ? -amount : amount;
    for (const box of boxes.base) add(vatReturnField(country, box, 'base'), signed(box, total.base));
    for (const box of [...boxes.vat, ...boxes.deductible]) {
      add(vatReturnField(country, box, 'vat'), signed(box, total.vat));
    }
  });

  for (const [box, amount] of Object.entries(options.adjustments ?? {})) {
    if (!adjustableVatBoxes[country].includes(box)) {
      issues.push({
        path: `adjustments.${box}`,
        message: `Box ${box} of the ${country} return is not entered by hand.`,
      });
    } else if (!Number.isSafeInteger(amount)) {
      issues.push({ path: `adjustments.${box}`, message: 'Whole cents only.' });
    } else {
      add(box, amount);
    }
  }
  if (issues.length > 0) throw new ValidationError(issues, `The ${country} VAT return cannot be computed.`);

  const get = (field: string): Cents => sums.get(field) ?? 0;
  let balance: Cents;
  if (country === 'NL') {
    sums.set(
      '5a',
      nlVatDue.reduce((sum, field) => sum + get(field), 0),
    );
    sums.set('5c', get('5a') - get('5b'));
    sums.set('5d', 0);
    sums.set('5g', get('5c') - get('5d') + get('5e') + get('5f'));
    balance = get('5g');
  } else {
    balance =
      get('54') + get('55') + get('56') + get('57') + get('61') + get('63') - (get('59') + get('62') + get('64'));
    sums.set('71', Math.max(balance, 0));
    sums.set('72', Math.max(-balance, 0));
  }

  return {
    country,
    boxes: Object.fromEntries(fields.map((field) => [field, get(field)])),
    payable: Math.max(balance, 0),
    refundable: Math.max(-balance, 0),
  };
}

/** A Dutch VAT return in whole euros, as the Belastingdienst takes it. */
export interface WholeEuroVatReturn {
  readonly country: 'NL';
  readonly boxes: Readonly<Record<string, number>>;
  readonly payable: number;
  readonly refundable: number;
}

const floorEuros = (cents: Cents) => (cents - (((cents % 100) + 100) % 100)) / 100;
const ceilEuros = (cents: Cents) => -floorEuros(-cents);
const truncEuros = (cents: Cents) => (cents - (cents % 100)) / 100;

/**
 * Rounds a Dutch return to whole euros in the taxpayer's favour — turnover drops its cents, VAT
 * due rounds down, input VAT (5b) rounds up, 5e/5f round down — and derives 5a, 5c and 5g again
 * from the rounded figures so the return adds up the way the Belastingdienst checks it.
 */
export function nlReturnInWholeEuros(vatReturn: VatReturn): WholeEuroVatReturn {
  if (vatReturn.country !== 'NL') {
    throw new ValidationError([{ path: 'country', message: 'Only a Dutch return is filed in whole euros.' }]);
  }
  const cents = (field: string) => vatReturn.boxes[field] ?? 0;
  const boxes: Record<string, number> = {};
  for (const field of vatReturnFields.NL) {
    if (field.endsWith('.base')) boxes[field] = truncEuros(cents(field));
    else if (field.endsWith('.vat')) boxes[field] = floorEuros(cents(field));
  }
  const due = nlVatDue.reduce((sum, field) => sum + (boxes[field] ?? 0), 0);
  const input = ceilEuros(cents('5b'));
  const estimates = floorEuros(cents('5e')) + floorEuros(cents('5f'));
  Object.assign(boxes, {
    '5a': due,
    '5b': input,
    '5c': due - input,
    '5d': 0,
    '5e': floorEuros(cents('5e')),
    '5f': floorEuros(cents('5f')),
    '5g': due - input + estimates,
  });
  const ordered = Object.fromEntries(vatReturnFields.NL.map((field) => [field, boxes[field] ?? 0]));
  const total = ordered['5g'] ?? 0;
  return { country: 'NL', boxes: ordered, payable: Math.max(total, 0), refundable: Math.max(-total, 0) };
}
