import { describe, expect, it } from 'vitest';
import {
  agreedConfidence,
  applySupplierLayout,
  learnSupplierLayout,
  type PageText,
  pageSupplierKeys,
  type RecognitionResult,
  SupplierLayout,
  type TextWord,
  unsureConfidence,
} from '#packages/recognition';

const charWidth = 6;
const height = 10;

/** A line of cells `[x, text]`; words inside a cell are one space apart, cells far apart. */
function line(y: number, ...cells: [number, string][]) {
  const words: TextWord[] = cells.flatMap(([x, text]) => {
    let at = x;
    return text.split(' ').map((word) => {
      const placed = { text: word, x: at, y, width: word.length * charWidth, height, confidence: 1 };
      at += (word.length + 1) * charWidth;
      return placed;
    });
  });
  const right = Math.max(...words.map((w) => w.x + w.width));
  const x = Math.min(...words.map((w) => w.x));
  return {
    text: words.map((w) => w.text).join(' '),
    words,
    x,
    y,
    width: right - x,
    height,
    baseline: y + height,
    confidence: 1,
  };
}

function page(...lines: ReturnType<typeof line>[]): PageText[] {
  return [{ pageNumber: 1, width: 600, height: 800, lines }];
}

/** A supplier that prints its number after "Beleg-Nr." (a label the generic reader does not know). */
function invoice(number: string, date: string, gross: string, options: { vat?: boolean } = {}): PageText[] {
  return page(
    line(40, [40, 'Kuehne Werkzeuge GmbH']),
    ...(options.vat === false ? [] : [line(55, [40, 'USt-IdNr. DE811128135'])]),
    line(120, [40, 'Kundennummer 55123'], [400, `Beleg-Nr. ${number}`]),
    line(135, [400, `Datum: ${date}`]),
    line(400, [300, 'Endbetrag'], [450, `${gross} EUR`]),
  );
}

function generic(overrides: Partial<RecognitionResult> = {}): RecognitionResult {
  return {
    source: 'pdf-text',
    documentType: { value: 'invoice', confidence: 0.9 },
    supplier: {},
    customer: {},
    totals: {},
    vatBreakdown: [],
    lines: [],
    issues: [],
    ...overrides,
  };
}

describe('learnSupplierLayout', () => {
  it('records the label before a corrected invoice number, where it is printed and the shape of the number', () => {
    const layout = learnSupplierLayout(invoice('RE-2024-0117', '05.03.2024', '1.190,00'), {
      invoiceNumber: 'RE-2024-0117',
    });

    expect(layout.fields.invoiceNumber).toEqual({
      kind: 'positional',
      anchor: { text: 'beleg-nr', place: 'same' },
      page: 1,
      x: expect.closeTo((400 + 10 * charWidth) / 600, 3),
      y: expect.closeTo(120 / 800, 3),
      pattern: String.raw`RE-\d{3,5}-\d{3,5}`,
    });
    expect(SupplierLayout.parse(layout)).toEqual(layout);
  });

  it('records the label in the column left of a corrected total, and the total by its amount as printed', () => {
    const layout = learnSupplierLayout(invoice('RE-2024-0117', '05.03.2024', '1.190,00'), { gross: 119_000 });

    expect(layout.fields.gross).toMatchObject({ anchor: { text: 'endbetrag', place: 'left' } });
  });

  it('learns an identifier only where the document prints it, and learns nothing from a value it does not print', () => {
    const layout = learnSupplierLayout(invoice('RE-2024-0117', '05.03.2024', '1.190,00'), {
      supplierVatNumber: 'DE811128135',
      supplierIban: 'DE89370400440532013000',
      invoiceDate: '2024-04-01',
    });

    expect(layout.fields).toEqual({ supplierVatNumber: { kind: 'constant', value: 'DE811128135' } });
  });

  it('keeps what an earlier document taught for the fields this one does not teach, and counts the documents', () => {
    const first = learnSupplierLayout(invoice('RE-2024-0117', '05.03.2024', '1.190,00'), { gross: 119_000 });
    const second = learnSupplierLayout(
      invoice('RE-2024-0118', '06.03.2024', '238,00'),
      { invoiceNumber: 'RE-2024-0118' },
      first,
    );

    expect(Object.keys(second.fields).sort()).toEqual(['gross', 'invoiceNumber']);
    expect(second.documents).toBe(2);
  });
});

describe('applySupplierLayout', () => {
  const taught = learnSupplierLayout(invoice('RE-2024-0117', '05.03.2024', '1.190,00'), {
    invoiceNumber: 'RE-2024-0117',
    invoiceDate: '2024-03-05',
    gross: 119_000,
    supplierVatNumber: 'DE811128135',
  });

  it("reads the next document's field at the learnt label over the generic reading, with a raised confidence", () => {
    const next = invoice('RE-2024-0342', '17.09.2024', '2.380,00');
    const read = generic({ invoiceNumber: { value: '55123', confidence: 0.6 } });

    const result = applySupplierLayout(next, read, taught);

    expect(result.invoiceNumber).toEqual({ value: 'RE-2024-0342', confidence: agreedConfidence });
    expect(result.invoiceDate).toEqual({ value: '2024-09-17', confidence: agreedConfidence });
    expect(result.totals.gross).toEqual({ value: 238_000, confidence: agreedConfidence });
  });

  it('keeps the generic reading where the value at the learnt label does not have the learnt shape', () => {
    const next = invoice('77/2024', '17.09.2024', '2.380,00');
    const read = generic({ invoiceNumber: { value: '77/2024', confidence: 0.8 } });

    const result = applySupplierLayout(next, read, taught);

    expect(result.invoiceNumber).toEqual({ value: '77/2024', confidence: 0.8 });
  });

  it('fills a field the generic reading missed from the learnt label with a low confidence when the shape differs', () => {
    const next = invoice('77/2024', '17.09.2024', '2.380,00');

    const result = applySupplierLayout(next, generic(), taught);

    expect(result.invoiceNumber).toEqual({ value: '77/2024', confidence: unsureConfidence });
  });

  it('takes a learnt VAT number only where the next document prints it', () => {
    const printed = applySupplierLayout(invoice('RE-2024-0342', '17.09.2024', '2.380,00'), generic(), taught);
    const unprinted = applySupplierLayout(
      invoice('RE-2024-0342', '17.09.2024', '2.380,00', { vat: false }),
      generic(),
      taught,
    );

    expect(printed.supplier.vatNumber).toEqual({ value: 'DE811128135', confidence: agreedConfidence });
    expect(unprinted.supplier.vatNumber).toBeUndefined();
  });

  it('reads a value printed under its label where the supplier prints it so', () => {
    const table = (number: string) =>
      page(line(100, [40, 'Rechnung'], [300, 'Rechnungsnummer']), line(115, [300, number]), line(300, [40, 'Summe']));
    const layout = learnSupplierLayout(table('2024/118'), { invoiceNumber: '2024/118' });

    const result = applySupplierLayout(table('2024/342'), generic(), layout);

    expect(layout.fields.invoiceNumber).toMatchObject({ anchor: { text: 'rechnungsnummer', place: 'above' } });
    expect(result.invoiceNumber?.value).toBe('2024/342');
  });

  it('drops an unsure due date of a supplier whose documents carry none, and keeps one read at a label', () => {
    const layout = learnSupplierLayout(invoice('RE-2024-0117', '05.03.2024', '1.190,00'), { dueDate: null });
    const next = invoice('RE-2024-0342', '17.09.2024', '2.380,00');

    const unsure = applySupplierLayout(next, generic({ dueDate: { value: '2024-10-17', confidence: 0.5 } }), layout);
    const labelled = applySupplierLayout(next, generic({ dueDate: { value: '2024-10-17', confidence: 0.95 } }), layout);

    expect(unsure.dueDate).toBeUndefined();
    expect(labelled.dueDate?.value).toBe('2024-10-17');
  });

  it('leaves totals the generic reading added up when the learnt ones would not', () => {
    const layout = learnSupplierLayout(invoice('RE-2024-0117', '05.03.2024', '1.190,00'), { gross: 119_000 });
    const read = generic({
      totals: {
        net: { value: 100_000, confidence: 0.9 },
        vat: { value: 19_000, confidence: 0.9 },
        gross: { value: 119_000, confidence: 0.9 },
      },
    });

    const result = applySupplierLayout(invoice('RE-2024-0342', '17.09.2024', '2.380,00'), read, layout);

    expect(result.totals.gross).toEqual({ value: 119_000, confidence: 0.9 });
  });
});

describe('applySupplierLayout with totals that add up', () => {
  it('keeps complete totals the arithmetic confirms over learnt ones that differ', () => {
    const layout = learnSupplierLayout(invoice('RE-2024-0117', '05.03.2024', '1.190,00'), { gross: 119_000 });
    const read = generic({
      totals: {
        net: { value: 200_000, confidence: 0.9 },
        vat: { value: 38_000, confidence: 0.9 },
        gross: { value: 238_000, confidence: 0.9 },
      },
    });

    const result = applySupplierLayout(invoice('RE-2024-0342', '17.09.2024', '2.000,00'), read, layout);

    expect(result.totals.gross).toEqual({ value: 238_000, confidence: 0.9 });
  });
});

describe('pageSupplierKeys', () => {
  it('finds the IBANs and VAT numbers a page prints, to look a supplier up by', () => {
    const pages = page(line(40, [40, 'USt-IdNr. DE 811128135']), line(60, [40, 'IBAN DE89 3704 0044 0532 0130 00']));

    expect(pageSupplierKeys(pages)).toEqual([
      { kind: 'vat', value: 'DE811128135' },
      { kind: 'iban', value: 'DE89370400440532013000' },
    ]);
  });
});
