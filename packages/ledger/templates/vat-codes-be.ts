import type { VatCode } from '../model.js';

/** The grids (roosters) of the Belgian periodic VAT return, in form order. */
export const vatBoxesBe = [
  '00',
  '01',
  '02',
  '03',
  '44',
  '45',
  '46',
  '47',
  '48',
  '49',
  '54',
  '55',
  '56',
  '57',
  '59',
  '61',
  '62',
  '63',
  '64',
  '71',
  '72',
  '81',
  '82',
  '83',
  '84',
  '85',
  '86',
  '87',
  '88',
] as const;

type Boxes = VatCode['boxes'];

function be(
  code: string,
  description: string,
  direction: VatCode['direction'],
  kind: VatCode['kind'],
  rateBasisPoints: number,
  boxes: Boxes,
  creditNoteBoxes: Boxes,
): VatCode {
  return { code, country: 'BE', description, direction, kind, rateBasisPoints, boxes, creditNoteBoxes };
}

const only = (base: string[], vat: string[] = [], deductible: string[] = []): Boxes => ({ base, vat, deductible });

/** Sales credit notes: base in 49 (48 for intra-EU supplies), VAT to recover in 64. */
const salesCredit = only(['49'], ['64']);
/** Purchase credit notes received: base in 85, deducted VAT to repay in 63. */
const purchaseCredit = only(['85'], ['63']);

/**
 * Belgian VAT codes. Incoming transactions always show their base in 81, 82 or 83 as well as,
 * for self-assessed VAT, in 86, 87 or 88. Credit notes land in the credit-note grids (48, 49,
 * 63, 64, 84, 85) as positive amounts; a credit note on self-assessed VAT lowers the VAT due
 * (55, 56 or 57) and its deduction (59) by the same amount.
 */
export const vatCodesBe: readonly VatCode[] = [
  // Uitgaande handelingen
  be('BE-V0', 'Handelingen tegen 0 % of onder een bijzondere regeling', 'sales', 'zero', 0, only(['00']), only(['49'])),
  be('BE-V6', 'Leveringen/diensten tegen 6 %', 'sales', 'reduced', 600, only(['01'], ['54']), salesCredit),
  be('BE-V12', 'Leveringen/diensten tegen 12 %', 'sales', 'reduced', 1200, only(['02'], ['54']), salesCredit),
  be('BE-V21', 'Leveringen/diensten tegen 21 %', 'sales', 'standard', 2100, only(['03'], ['54']), salesCredit),
  be(
    'BE-V-COCONTRACTOR',
    'Diensten waarvoor de medecontractant de btw verschuldigd is',
    'sales',
    'co-contractor',
    0,
    only(['45']),
    only(['49']),
  ),
  be(
    'BE-V-EU-GOODS',
    'Vrijgestelde intracommunautaire leveringen van goederen',
    'sales',
    'intra-eu-goods',
    0,
    only(['46']),
    only(['48']),
  ),
  be(
    'BE-V-EU-SERVICES',
    'Diensten aan afnemers in andere EU-lidstaten (verlegging)',
    'sales',
    'intra-eu-services',
    0,
    only(['44']),
    only(['48']),
  ),
  be('BE-V-EXPORT', 'Uitvoer buiten de EU', 'sales', 'export', 0, only(['47']), only(['49'])),
  be('BE-V-EXEMPT', 'Andere vrijgestelde handelingen', 'sales', 'exempt', 0, only(['47']), only(['49'])),

  // Inkomende handelingen met aftrekbare Belgische btw
  be(
    'BE-I21-GOODS',
    'Aankopen handelsgoederen, grond- en hulpstoffen tegen 21 %',
    'purchase',
    'standard',
    2100,
    only(['81'], [], ['59']),
    purchaseCredit,
  ),
  be(
    'BE-I12-GOODS',
    'Aankopen handelsgoederen, grond- en hulpstoffen tegen 12 %',
    'purchase',
    'reduced',
    1200,
    only(['81'], [], ['59']),
    purchaseCredit,
  ),
  be(
    'BE-I6-GOODS',
    'Aankopen handelsgoederen, grond- en hulpstoffen tegen 6 %',
    'purchase',
    'reduced',
    600,
    only(['81'], [], ['59']),
    purchaseCredit,
  ),
  be(
    'BE-I0-GOODS',
    'Aankopen handelsgoederen zonder btw (0 % of vrijgesteld)',
    'purchase',
    'zero',
    0,
    only(['81']),
    only(['85']),
  ),
  be(
    'BE-I21-SERVICES',
    'Diensten en diverse goederen tegen 21 %',
    'purchase',
    'standard',
    2100,
    only(['82'], [], ['59']),
    purchaseCredit,
  ),
  be(
    'BE-I12-SERVICES',
    'Diensten en diverse goederen tegen 12 %',
    'purchase',
    'reduced',
    1200,
    only(['82'], [], ['59']),
    purchaseCredit,
  ),
  be(
    'BE-I6-SERVICES',
    'Diensten en diverse goederen tegen 6 %',
    'purchase',
    'reduced',
    600,
    only(['82'], [], ['59']),
    purchaseCredit,
  ),
  be(
    'BE-I0-SERVICES',
    'Diensten en diverse goederen zonder btw (0 % of vrijgesteld)',
    'purchase',
    'zero',
    0,
    only(['82']),
    only(['85']),
  ),
  be(
    'BE-I21-INVEST',
    'Bedrijfsmiddelen (investeringen) tegen 21 %',
    'purchase',
    'standard',
    2100,
    only(['83'], [], ['59']),
    purchaseCredit,
  ),

  // Inkomende handelingen waarvoor de aangever de btw verschuldigd is
  be(
    'BE-I-EU-GOODS21',
    'Intracommunautaire verwervingen van goederen (21 %)',
    'purchase',
    'intra-eu-goods',
    2100,
    only(['81', '86'], ['55'], ['59']),
    only(['84'], ['55'], ['59']),
  ),
  be(
    'BE-I-EU-INVEST21',
    'Intracommunautaire verwervingen van bedrijfsmiddelen (21 %)',
    'purchase',
    'intra-eu-goods',
    2100,
    only(['83', '86'], ['55'], ['59']),
    only(['84'], ['55'], ['59']),
  ),
  be(
    'BE-I-EU-SVC21',
    'Diensten van dienstverrichters in andere EU-lidstaten (21 %)',
    'purchase',
    'intra-eu-services',
    2100,
    only(['82', '88'], ['55'], ['59']),
    only(['84'], ['55'], ['59']),
  ),
  be(
    'BE-I-COCONTR21',
    'Werk in onroerende staat, btw verschuldigd als medecontractant (21 %)',
    'purchase',
    'co-contractor',
    2100,
    only(['82', '87'], ['56'], ['59']),
    only(['85'], ['56'], ['59']),
  ),
  be(
    'BE-I-IMPORT21',
    'Invoer met verlegging van heffing (21 %)',
    'purchase',
    'import',
    2100,
    only(['81', '87'], ['57'], ['59']),
    only(['85'], ['57'], ['59']),
  ),
];
