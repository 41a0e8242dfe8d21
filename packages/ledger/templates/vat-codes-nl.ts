import type { VatCode } from '../model.js';

/**
 * The boxes (rubrieken) of the Dutch VAT return, in form order. Boxes 1a–4b have a turnover
 * column and, where VAT is due, a VAT column; a code's `base` boxes fill the turnover column and
 * its `vat` boxes the VAT column of the same rubriek. 5a–5g are the totals.
 */
export const vatBoxesNl = [
  '1a',
  '1b',
  '1c',
  '1d',
  '1e',
  '2a',
  '3a',
  '3b',
  '3c',
  '4a',
  '4b',
  '5a',
  '5b',
  '5c',
  '5d',
  '5e',
  '5f',
  '5g',
] as const;

type Boxes = VatCode['boxes'];
const noBoxes: Boxes = { base: [], vat: [], deductible: [] };

function nl(
  code: string,
  description: string,
  direction: VatCode['direction'],
  kind: VatCode['kind'],
  rateBasisPoints: number,
  boxes: Boxes,
): VatCode {
  return { code, country: 'NL', description, direction, kind, rateBasisPoints, boxes };
}

/** The VAT due on a purchase the buyer accounts for himself, and its deduction in 5b. */
const selfAssessed = (box: string): Boxes => ({ base: [box], vat: [box], deductible: ['5b'] });

/**
 * Dutch VAT codes. Credit notes post negative amounts to the same boxes. Exempt supplies and
 * purchases without VAT appear on no box of the return.
 */
export const vatCodesNl: readonly VatCode[] = [
  // Verkopen
  nl('NL-V21', 'Leveringen/diensten belast met hoog tarief (21 %)', 'sales', 'standard', 2100, {
    base: ['1a'],
    vat: ['1a'],
    deductible: [],
  }),
  nl('NL-V9', 'Leveringen/diensten belast met laag tarief (9 %)', 'sales', 'reduced', 900, {
    base: ['1b'],
    vat: ['1b'],
    deductible: [],
  }),
  nl('NL-V6', 'Correcties op leveringen tegen het oude lage tarief (6 %)', 'sales', 'reduced', 600, {
    base: ['1c'],
    vat: ['1c'],
    deductible: [],
  }),
  nl('NL-V21-PRIVATE', 'Privégebruik (21 %)', 'sales', 'standard', 2100, { base: ['1d'], vat: ['1d'], deductible: [] }),
  nl('NL-V0', 'Leveringen/diensten belast met 0 % of niet bij u belast', 'sales', 'zero', 0, {
    base: ['1e'],
    vat: [],
    deductible: [],
  }),
  nl(
    'NL-V-RC',
    'Binnenlandse leveringen/diensten, btw verlegd naar de afnemer',
    'sales',
    'reverse-charge-domestic',
    0,
    {
      base: ['1e'],
      vat: [],
      deductible: [],
    },
  ),
  nl('NL-V-EXEMPT', 'Vrijgestelde leveringen/diensten (geen rubriek)', 'sales', 'exempt', 0, noBoxes),
  nl('NL-V-EXPORT', 'Leveringen naar landen buiten de EU (uitvoer)', 'sales', 'export', 0, {
    base: ['3a'],
    vat: [],
    deductible: [],
  }),
  nl('NL-V-EU-GOODS', 'Intracommunautaire leveringen van goederen', 'sales', 'intra-eu-goods', 0, {
    base: ['3b'],
    vat: [],
    deductible: [],
  }),
  nl('NL-V-EU-SERVICES', 'Diensten aan ondernemers in andere EU-landen', 'sales', 'intra-eu-services', 0, {
    base: ['3b'],
    vat: [],
    deductible: [],
  }),
  nl('NL-V-EU-DISTANCE', 'Installatie/afstandsverkopen binnen de EU', 'sales', 'intra-eu-goods', 0, {
    base: ['3c'],
    vat: [],
    deductible: [],
  }),

  // Inkopen
  nl('NL-I21', 'Inkopen met 21 % btw (voorbelasting)', 'purchase', 'standard', 2100, {
    base: [],
    vat: [],
    deductible: ['5b'],
  }),
  nl('NL-I9', 'Inkopen met 9 % btw (voorbelasting)', 'purchase', 'reduced', 900, {
    base: [],
    vat: [],
    deductible: ['5b'],
  }),
  nl('NL-I0', 'Inkopen zonder btw (0 %, vrijgesteld of buiten de heffing)', 'purchase', 'zero', 0, noBoxes),
  nl(
    'NL-I-RC21',
    'Binnenlandse inkopen waarbij de btw naar u is verlegd (21 %)',
    'purchase',
    'reverse-charge-domestic',
    2100,
    selfAssessed('2a'),
  ),
  nl(
    'NL-I-IMPORT21',
    'Invoer van goederen met vergunning artikel 23 (21 %)',
    'purchase',
    'import',
    2100,
    selfAssessed('4a'),
  ),
  nl(
    'NL-I-IMPORT9',
    'Invoer van goederen met vergunning artikel 23 (9 %)',
    'purchase',
    'import',
    900,
    selfAssessed('4a'),
  ),
  nl(
    'NL-I-NONEU-SVC21',
    'Diensten van ondernemers buiten de EU (21 %)',
    'purchase',
    'import',
    2100,
    selfAssessed('4a'),
  ),
  nl(
    'NL-I-EU-GOODS21',
    'Intracommunautaire verwervingen van goederen (21 %)',
    'purchase',
    'intra-eu-goods',
    2100,
    selfAssessed('4b'),
  ),
  nl(
    'NL-I-EU-GOODS9',
    'Intracommunautaire verwervingen van goederen (9 %)',
    'purchase',
    'intra-eu-goods',
    900,
    selfAssessed('4b'),
  ),
  nl(
    'NL-I-EU-SERVICES21',
    'Diensten van ondernemers in andere EU-landen (21 %)',
    'purchase',
    'intra-eu-services',
    2100,
    selfAssessed('4b'),
  ),
];
