import type {
  AnalyzeExpenseResponse,
  ExpenseDocument,
  ExpenseField,
  Geometry,
  GetExpenseAnalysisResponse,
  LineItemFields,
} from '@aws-sdk/client-textract';

/**
 * Textract AnalyzeExpense / GetExpenseAnalysis responses built in code, in the shape the
 * service returns (confidences in percent, multi-line OCR text joined by `\n`). The documents
 * are made up for these tests; the expected values next to each one are worked out by hand.
 */

export interface FieldOptions {
  /** Confidence of the label; the value's confidence when absent. */
  readonly labelConfidence?: number;
  /** Confidence of the field type. @default 99 */
  readonly typeConfidence?: number;
  /** @default 1 */
  readonly page?: number;
  /** `GroupProperties` of the newer response format, e.g. `['VENDOR', 'vendor-1']`. */
  readonly group?: readonly [type: string, id: string];
  /** ISO currency code of the newer response format. */
  readonly currency?: string;
  /** Where the value is printed: left, top, width, height as fractions of the page. */
  readonly at?: readonly [number, number, number, number];
}

/** A bounding box and its four-point polygon, as Textract reports where text is printed. */
export function geometry([left, top, width, height]: readonly [number, number, number, number]): Geometry {
  return {
    BoundingBox: { Left: left, Top: top, Width: width, Height: height },
    Polygon: [
      { X: left, Y: top },
      { X: left + width, Y: top },
      { X: left + width, Y: top + height },
      { X: left, Y: top + height },
    ],
  };
}

/**
 * One expense field. `label` is the printed label (`undefined` when Textract found none) and
 * `confidence` the value's confidence in percent.
 */
export function summaryField(
  type: string,
  label: string | undefined,
  value: string,
  confidence: number,
  options: FieldOptions = {},
): ExpenseField {
  const [groupType, groupId] = options.group ?? [];
  return {
    Type: { Text: type, Confidence: options.typeConfidence ?? 99 },
    ...(label === undefined
      ? {}
      : { LabelDetection: { Text: label, Confidence: options.labelConfidence ?? confidence } }),
    ValueDetection: {
      Text: value,
      Confidence: confidence,
      ...(options.at ? { Geometry: geometry(options.at) } : {}),
    },
    ...(options.currency ? { Currency: { Code: options.currency, Confidence: confidence } } : {}),
    ...(groupType && groupId ? { GroupProperties: [{ Types: [groupType], Id: groupId }] } : {}),
    PageNumber: options.page ?? 1,
  };
}

export interface LineItemSpec {
  readonly item: string;
  readonly quantity?: string;
  readonly unitPrice?: string;
  readonly price?: string;
  /** Confidence of every cell. @default 98 */
  readonly confidence?: number;
  /** Adds the EXPENSE_ROW field the newer format reports for the whole printed row. */
  readonly row?: boolean;
  readonly page?: number;
}

/** One line item: ITEM, QUANTITY, UNIT_PRICE and PRICE cells under the table's column labels. */
export function lineItem(spec: LineItemSpec): LineItemFields {
  const confidence = spec.confidence ?? 98;
  const page = { page: spec.page ?? 1, typeConfidence: 70 };
  const cells: [string, string, string | undefined][] = [
    ['ITEM', 'Description', spec.item],
    ['QUANTITY', 'Qty', spec.quantity],
    ['UNIT_PRICE', 'Unit price', spec.unitPrice],
    ['PRICE', 'Amount', spec.price],
  ];
  const fields = cells.flatMap(([type, label, value]) =>
    value === undefined ? [] : [summaryField(type, label, value, confidence, page)],
  );
  if (spec.row) {
    const printed = [spec.quantity, spec.item, spec.unitPrice, spec.price].filter((v) => v !== undefined).join(' ');
    fields.push(summaryField('EXPENSE_ROW', undefined, printed, confidence, page));
  }
  return { LineItemExpenseFields: fields };
}

/** An expense document: its summary fields and one table of line items. */
export function expenseDocument(document: {
  readonly index?: number;
  readonly summary: readonly ExpenseField[];
  readonly lines?: readonly LineItemSpec[];
}): ExpenseDocument {
  return {
    ExpenseIndex: document.index ?? 1,
    SummaryFields: [...document.summary],
    LineItemGroups: document.lines ? [{ LineItemGroupIndex: 1, LineItems: document.lines.map(lineItem) }] : [],
  };
}

/** A synchronous AnalyzeExpense response holding `documents`. */
export function analyzeExpenseResponse(documents: readonly ExpenseDocument[], pages = 1): AnalyzeExpenseResponse {
  return { DocumentMetadata: { Pages: pages }, ExpenseDocuments: [...documents] };
}

/** One page of a GetExpenseAnalysis result; `nextToken` when more pages follow. */
export function expenseAnalysisPage(
  documents: readonly ExpenseDocument[],
  options: { pages: number; nextToken?: string; status?: GetExpenseAnalysisResponse['JobStatus'] },
): GetExpenseAnalysisResponse {
  return {
    JobStatus: options.status ?? 'SUCCEEDED',
    DocumentMetadata: { Pages: options.pages },
    ExpenseDocuments: [...documents],
    ...(options.nextToken ? { NextToken: options.nextToken } : {}),
    AnalyzeExpenseModelVersion: '1.0',
  };
}

/**
 * A Dutch supplier's invoice in the older format (VENDOR_NAME, RECEIVER_NAME; no groups, no
 * currency codes). Expected: invoice 2024-0457 of 2024-01-15, due 2024-02-14; supplier
 * NL004495445B01, KvK 12345678, IBAN NL91ABNA0417164300; net 125000 + VAT 26250 (21 %) =
 * gross 151250 cents; two lines adding up to the net.
 */
export function dutchInvoice(): ExpenseDocument {
  return expenseDocument({
    summary: [
      summaryField('VENDOR_NAME', undefined, 'Installatiebedrijf\nVan Dijk B.V.', 98.6, {
        at: [0.06, 0.04, 0.3, 0.05],
      }),
      summaryField('VENDOR_ADDRESS', undefined, 'Industrieweg 12\n3542 AD Utrecht\nNederland', 97.2),
      summaryField('RECEIVER_NAME', 'Factuuradres', 'Jansen Bouw B.V.', 96.4, { labelConfidence: 91.8 }),
      summaryField('INVOICE_RECEIPT_ID', 'Factuurnummer', '2024-0457', 99.3, { labelConfidence: 98.9 }),
      summaryField('INVOICE_RECEIPT_DATE', 'Factuurdatum', '15-01-2024', 99.1, { labelConfidence: 98.7 }),
      summaryField('DUE_DATE', 'Vervaldatum', '14-02-2024', 97.5, { labelConfidence: 98.2 }),
      summaryField('VENDOR_VAT_NUMBER', 'Btw-nummer', 'NL004495445B01', 95.4, { labelConfidence: 97.1 }),
      summaryField('OTHER', 'KvK-nummer', '12345678', 94.2, { labelConfidence: 96.0 }),
      summaryField('OTHER', 'IBAN', 'NL91 ABNA 0417 1643 00', 93.8, { labelConfidence: 99.0 }),
      summaryField('SUBTOTAL', 'Subtotaal', '€ 1.250,00', 99.5, { labelConfidence: 99.2 }),
      summaryField('TAX', 'BTW 21%', '€ 262,50', 98.8, { labelConfidence: 97.6 }),
      summaryField('TOTAL', 'Totaal te betalen', '€ 1.512,50', 99.6, { labelConfidence: 98.4 }),
    ],
    lines: [
      { item: 'Montage zonnepanelen', quantity: '8', unitPrice: '€ 125,00', price: '€ 1.000,00' },
      { item: 'Omvormer SMA\nSunny Boy 3.6', quantity: '1', unitPrice: '€ 250,00', price: '€ 250,00' },
    ],
  });
}

/**
 * A Belgian supplier's invoice in French with two VAT rates, in the newer format (VENDOR and
 * RECEIVER groups, EUR currency codes). Expected: invoice 2024/0312 of 2024-03-12, due
 * 2024-04-11; supplier BE0403170701 (enterprise number 0403170701), IBAN BE68539007547034;
 * customer BE0417497106; reference +++090/9337/55493+++; net 110000 + VAT 3000 (6 %, base
 * 50000) + 12600 (21 %, base 60000) = gross 125600 cents.
 */
export function belgianInvoice(): ExpenseDocument {
  const vendor = { group: ['VENDOR', 'vendor-1'] } as const;
  const receiver = { group: ['RECEIVER', 'receiver-1'] } as const;
  const eur = { currency: 'EUR' };
  return expenseDocument({
    summary: [
      summaryField('NAME', undefined, 'Boulangerie Dupont SRL', 99.1, vendor),
      summaryField('ADDRESS', undefined, 'Rue de la Loi 16\n1000 Bruxelles\nBelgique', 98.3, vendor),
      summaryField('NAME', undefined, 'Café du Parc SC', 97.7, receiver),
      summaryField('ADDRESS', undefined, 'Place du Marché 3\n4000 Liège', 96.9, receiver),
      summaryField('OTHER', 'Votre n° TVA', 'BE0417.497.106', 92.5, { ...receiver, labelConfidence: 94.0 }),
      summaryField('TAX_PAYER_ID', 'N° TVA', 'BE 0403.170.701', 96.2, { ...vendor, labelConfidence: 97.4 }),
      summaryField('INVOICE_RECEIPT_ID', 'Facture n°', '2024/0312', 98.8, { labelConfidence: 99.0 }),
      summaryField('INVOICE_RECEIPT_DATE', 'Date', '12 mars 2024', 97.9, { labelConfidence: 98.5 }),
      summaryField('DUE_DATE', 'Échéance', '11 avril 2024', 96.6, { labelConfidence: 97.0 }),
      summaryField('OTHER', 'Communication', '+++090/9337/55493+++', 95.1, { labelConfidence: 96.3 }),
      summaryField('OTHER', 'IBAN', 'BE68 5390 0754 7034', 94.7, { labelConfidence: 98.1 }),
      summaryField('OTHER', 'BIC', 'GKCCBEBB', 93.0),
      summaryField('SUBTOTAL', 'Total HTVA', '1.100,00 €', 99.2, eur),
      summaryField('TAX', 'TVA 6%', '30,00 €', 98.1, eur),
      summaryField('TAX', 'TVA 21%', '126,00 €', 98.4, eur),
      summaryField('TOTAL', 'Total TVAC', '1.256,00 €', 99.4, eur),
    ],
    lines: [
      { item: 'Pain de campagne', quantity: '200', unitPrice: '2,50', price: '500,00' },
      { item: 'Service traiteur', quantity: '1', unitPrice: '600,00', price: '600,00' },
    ],
  });
}

/**
 * A Dutch till receipt in the newer format: VENDOR-grouped names and address, EUR currency
 * codes, EXPENSE_ROW fields and trailing VAT-class letters on the prices. Expected: vendor
 * SUPERMARKT DE HOEK (the more confident name), receipt 4711 of 2023-12-07, gross 2166 cents;
 * VAT 96 (9 %, base 1067) + 173 (21 %, base 824) = 269; no net printed; four lines.
 */
export function newFormatReceipt(): ExpenseDocument {
  const vendor = { group: ['VENDOR', 'vendor-1'] } as const;
  const eur = { currency: 'EUR' };
  return expenseDocument({
    summary: [
      summaryField('NAME', undefined, 'SUPERMARKT\nDE HOEK', 99.2, { ...vendor, at: [0.3, 0.05, 0.4, 0.04] }),
      summaryField('NAME', undefined, 'DE HOEK', 88.4, { group: ['VENDOR', 'vendor-2'] }),
      summaryField('ADDRESS', undefined, 'Kerkstraat 5\n3811 CV Amersfoort', 97.6, vendor),
      summaryField('STREET', undefined, 'Kerkstraat 5', 99.1, vendor),
      summaryField('CITY', undefined, 'Amersfoort', 99.0, vendor),
      summaryField('ZIP_CODE', undefined, '3811 CV', 98.7, vendor),
      summaryField('INVOICE_RECEIPT_ID', 'Bonnr.', '4711', 96.4, { labelConfidence: 95.2 }),
      summaryField('INVOICE_RECEIPT_DATE', undefined, '07-12-2023 14:32', 98.9),
      summaryField('TAX', 'BTW 9%', '0,96', 97.3, eur),
      summaryField('TAX', 'BTW 21%', '1,73', 97.0, eur),
      summaryField('TOTAL', 'TOTAAL', '21,66', 99.6, { ...eur, labelConfidence: 99.8 }),
      summaryField('AMOUNT_PAID', 'PIN', '21,66', 95.5, eur),
    ],
    lines: [
      { item: 'MELK HALFVOL', price: '1,19 B', row: true, confidence: 99.1 },
      { item: 'BROOD VOLKOREN', price: '2,49 B', row: true, confidence: 98.7 },
      { item: 'KOFFIEBONEN', quantity: '1', price: '7,99 B', row: true, confidence: 98.2 },
      { item: 'WASMIDDEL', price: '9,99 C', row: true, confidence: 97.9 },
    ],
  });
}

/**
 * A two-page invoice as an asynchronous job returns it: one expense document per page, served
 * as two GetExpenseAnalysis pages joined by NextToken `page-2`. The due date, IBAN and totals
 * are printed on the second page only. Expected: vendor Adviesbureau Noord B.V.
 * (NL123456782B01), customer Waterschap Oost (not the "t.a.v." contact), invoice 2024-0042 of
 * 2024-02-01, due 2024-03-02, IBAN NL20INGB0001234567; net 240000 + VAT 50400 = gross 290400
 * cents; five lines adding up to the net.
 */
export function twoPageJob(): [GetExpenseAnalysisResponse, GetExpenseAnalysisResponse] {
  const vendor = { group: ['VENDOR', 'vendor-1'] } as const;
  const receiver = { group: ['RECEIVER', 'receiver-1'] } as const;
  const page2 = { page: 2 };
  const first = expenseDocument({
    index: 1,
    summary: [
      summaryField('NAME', undefined, 'Adviesbureau\nNoord B.V.\n-', 93.4, vendor),
      summaryField('NAME', undefined, 'Waterschap Oost', 95.8, receiver),
      summaryField('NAME', 't.a.v.', 'J. de Vries', 97.9, receiver),
      summaryField('ADDRESS', undefined, 'Postbus 120\n7400 AC Deventer', 96.1, receiver),
      summaryField('VENDOR_VAT_NUMBER', 'Btw-nr.', 'NL123456782B01', 94.6, { ...vendor, labelConfidence: 95.0 }),
      summaryField('INVOICE_RECEIPT_ID', 'Factuurnummer', '2024-0042', 99.0),
      summaryField('INVOICE_RECEIPT_DATE', 'Datum', '1 februari 2024', 98.2),
    ],
    lines: [
      { item: 'Adviesuren februari', quantity: '12,5', unitPrice: '€ 95,00', price: '€ 1.187,50' },
      { item: 'Reiskosten', quantity: '1', price: '€ 84,00' },
      { item: 'Rapportage', quantity: '1', unitPrice: '€ 450,00', price: '€ 450,00' },
    ],
  });
  const second = expenseDocument({
    index: 2,
    summary: [
      summaryField('INVOICE_RECEIPT_ID', 'Factuurnummer', '2024-0042', 98.7, page2),
      summaryField('DUE_DATE', 'Vervaldatum', '02-03-2024', 97.4, page2),
      summaryField('OTHER', 'IBAN', 'NL20 INGB 0001 2345 67', 96.3, page2),
      summaryField('SUBTOTAL', 'Subtotaal', '€ 2.400,00', 99.1, page2),
      summaryField('TAX', 'BTW 21%', '€ 504,00', 98.5, page2),
      summaryField('TOTAL', 'Totaal', '€ 2.904,00', 99.3, page2),
    ],
    lines: [
      { item: 'Workshop\nprojectteam', quantity: '1', price: '€ 600,00', page: 2 },
      { item: 'Licentie rekentool', quantity: '2', unitPrice: '€ 39,25', price: '€ 78,50', page: 2 },
    ],
  });
  return [expenseAnalysisPage([first], { pages: 2, nextToken: 'page-2' }), expenseAnalysisPage([second], { pages: 2 })];
}
