import type { RecognitionResult } from '../model.js';
import { parseAmount } from './amounts.js';
import { cleanText, readField } from './fields.js';
import type { ExpenseDocument, ExpenseField } from './response.js';

type Line = RecognitionResult['lines'][number];

/** The line items of every expense document, in order: ITEM, QUANTITY, UNIT_PRICE, PRICE. */
export function readLines(documents: readonly ExpenseDocument[]): Line[] {
  return documents.flatMap((document, index) =>
    (document.LineItemGroups ?? []).flatMap((group) =>
      (group.LineItems ?? []).flatMap((item) => readLine(item.LineItemExpenseFields ?? [], index) ?? []),
    ),
  );
}

function readLine(fields: readonly ExpenseField[], documentIndex: number): Line | undefined {
  const byType = new Map<string, string>();
  for (const field of fields) {
    const reading = readField(field, documentIndex);
    if (reading && !byType.has(reading.type)) byType.set(reading.type, reading.value);
  }
  const description = cleanText(byType.get('ITEM') ?? byType.get('EXPENSE_ROW') ?? '');
  if (!description) return undefined;
  const quantity = cleanText(byType.get('QUANTITY') ?? '');
  const unitPrice = parseAmount(byType.get('UNIT_PRICE') ?? '')?.cents;
  const net = parseAmount(byType.get('PRICE') ?? '')?.cents;
  return { description, quantity, unitPrice, net };
}

/** Reports lines whose amounts add up to neither the net nor the gross total. */
export function linesIssues(lines: readonly Line[], totals: RecognitionResult['totals']): RecognitionResult['issues'] {
  const amounts = lines.map((l) => l.net);
  if (amounts.length === 0 || amounts.some((a) => a === undefined)) return [];
  const sum = amounts.reduce<number>((s, a) => s + (a ?? 0), 0);
  const expected = [totals.net?.value, totals.gross?.value].filter((v) => v !== undefined);
  if (expected.length === 0 || expected.includes(sum)) return [];
  return [{ field: 'lines', message: `Lines add up to ${sum}, not to the net or gross total (cents)` }];
}
