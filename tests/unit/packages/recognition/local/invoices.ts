import type { Item, Page } from './documents.ts';

/**
 * Invoices and receipts as printed by Dutch, Belgian and English-writing suppliers, laid out as
 * item lists (text, x, y from the top, font size). Identifiers pass their checks unless a
 * fixture says otherwise.
 */

export const dutch = {
  supplier: 'Installatiebedrijf De Vries B.V.',
  vat: 'NL004495445B01',
  kvk: '12345678',
  iban: 'NL91ABNA0417164300',
  customer: 'Bakkerij Jansen',
  customerVat: 'NL123456782B01',
  customerIban: 'NL20INGB0001234567',
  reference: '5000056789012345',
};

/** A Dutch invoice: letterhead left, identifiers right, customer block, table, totals, footer. */
export function dutchInvoice(options: { number?: string; vat?: string; page?: string } = {}): Page {
  return [
    [dutch.supplier, 50, 60, 16],
    ['Industrieweg 14', 50, 80],
    ['3542 AD Utrecht', 50, 92],
    ['Tel. 030 - 123 45 67', 50, 104],
    ['KvK 12345678', 380, 80],
    [`BTW ${options.vat ?? 'NL004495445B01'}`, 380, 92],
    ['IBAN NL91 ABNA 0417 1643 00', 380, 104],
    ['Factuur aan:', 50, 170],
    [dutch.customer, 50, 182],
    ['t.a.v. de heer P. Jansen', 50, 194],
    ['Dorpsstraat 1', 50, 206],
    ['1234 AB Amsterdam', 50, 218],
    ['BTW-nr: NL123456782B01', 50, 230],
    ['FACTUUR', 50, 270, 18],
    ['Factuurnummer:', 50, 300],
    [options.number ?? 'F2025-00042', 160, 300],
    ['Factuurdatum:', 50, 312],
    ['3 januari 2025', 160, 312],
    ['Vervaldatum:', 50, 324],
    ['02-02-2025', 160, 324],
    ['Omschrijving', 50, 380],
    ['Aantal', 300, 380],
    ['Prijs', 360, 380],
    ['BTW', 430, 380],
    ['Bedrag', 490, 380],
    ...tableRow(400, 'Onderhoud cv-ketel', '1', '95,00', '21%', '95,00'),
    ...tableRow(414, 'Vervangen thermostaat Honeywell T6', '1', '189,50', '21%', '189,50'),
    ...tableRow(428, 'Arbeidsuren monteur', '3,5', '62,50', '21%', '218,75'),
    ...tableRow(442, 'Voorrijkosten', '1', '35,00', '21%', '35,00'),
    ['Totaal excl. btw', 360, 500],
    ['538,25', 490, 500],
    ['BTW 21% over 538,25', 360, 514],
    ['113,03', 490, 514],
    ['Totaal incl. btw', 360, 530, 10],
    ['€ 651,28', 482, 530, 10],
    ['Wij verzoeken u het bedrag voor de vervaldatum over te maken op NL91 ABNA 0417 1643 00', 50, 600, 8],
    ['onder vermelding van betalingskenmerk 5000 0567 8901 2345.', 50, 611, 8],
    [`${dutch.supplier} - Industrieweg 14 - 3542 AD Utrecht - KvK 12345678`, 50, 800, 7],
    [options.page ?? 'Pagina 1 van 1', 500, 815, 7],
  ];
}

function tableRow(y: number, ...cells: [string, string, string, string, string]): Item[] {
  const xs = [50, 300, 360, 430, 490];
  return cells.map((text, i) => [text, xs[i] ?? 0, y] as const);
}

export const belgian = {
  supplier: 'Menuiserie Lambert SRL',
  vat: 'BE0477472701',
  iban: 'BE68539007547034',
  customer: 'Fiduciaire Dubois SA',
  customerVat: 'BE0403170701',
  reference: '+++090/9337/55493+++',
};

/** A Belgian invoice in French: two VAT rates, the customer's block beside the letterhead. */
export function belgianFrenchInvoice(): Page {
  return [
    [belgian.supplier, 50, 60, 15],
    ['Rue Haute 12', 50, 80],
    ['1000 Bruxelles', 50, 92],
    ['TVA BE 0477.472.701', 50, 104],
    ['IBAN BE68 5390 0754 7034  BIC GKCCBEBB', 50, 116],
    ['Facturé à :', 330, 80],
    [belgian.customer, 330, 92],
    ['Avenue Louise 54', 330, 104],
    ['1050 Bruxelles', 330, 116],
    ['N° TVA client : BE 0403.170.701', 330, 128],
    ['FACTURE', 50, 180, 18],
    ['N° de facture : F-2025-117', 50, 210],
    ['Date de facture : 3 janvier 2025', 50, 222],
    ["Date d'échéance : 2 février 2025", 50, 234],
    ['Désignation', 50, 280],
    ['Quantité', 280, 280],
    ['Prix unitaire', 340, 280],
    ['TVA', 420, 280],
    ['Montant HTVA', 480, 280],
    ['Châssis en chêne', 50, 300],
    ['2', 280, 300],
    ['500,00', 340, 300],
    ['21 %', 420, 300],
    ['1 000,00', 480, 300],
    ['Rénovation logement > 10 ans', 50, 314],
    ['1', 280, 314],
    ['250,00', 340, 314],
    ['6 %', 420, 314],
    ['250,00', 480, 314],
    ['Total HTVA', 340, 370],
    ['1 250,00', 480, 370],
    ['TVA 21 % sur 1 000,00', 340, 384],
    ['210,00', 480, 384],
    ['TVA 6 % sur 250,00', 340, 398],
    ['15,00', 480, 398],
    ['Total TVAC', 340, 414, 10],
    ['1 475,00 €', 472, 414, 10],
    ['Merci de verser le montant sur le compte BE68 5390 0754 7034', 50, 480, 8],
    ['avec la communication structurée +++090/9337/55493+++', 50, 491, 8],
    ['Menuiserie Lambert SRL - RPM Bruxelles - N° d’entreprise 0477.472.701', 50, 800, 7],
  ];
}

export const english = {
  supplier: 'Polder Digital B.V.',
  vat: 'NL808661863B01',
  iban: 'NL39RABO0300065264',
};

/** An invoice in English with `1,234.56` amounts and month names in the dates. */
export function englishInvoice(): Page {
  return [
    ['INVOICE', 400, 60, 20],
    [english.supplier, 50, 60, 14],
    ['Stationsplein 3, 3511 ED Utrecht, The Netherlands', 50, 76],
    ['VAT no. NL808661863B01 · Chamber of Commerce 87654321', 50, 88],
    ['Bill to:', 50, 140],
    ['Blue Harbour Consulting Ltd', 50, 152],
    ['12 Harbour Road, Dublin', 50, 164],
    ['Invoice number', 350, 140],
    ['INV-2025-0042', 450, 140],
    ['Invoice date', 350, 152],
    ['15 Jan 2025', 450, 152],
    ['Due date', 350, 164],
    ['14 February 2025', 450, 164],
    ['Description', 50, 220],
    ['Qty', 300, 220],
    ['Unit price', 350, 220],
    ['Amount', 480, 220],
    ['Software development (hours)', 50, 240],
    ['12', 300, 240],
    ['95.00', 350, 240],
    ['1,140.00', 480, 240],
    ['Hosting January', 50, 254],
    ['1', 300, 254],
    ['94.56', 350, 254],
    ['94.56', 480, 254],
    ['Subtotal', 350, 300],
    ['1,234.56', 480, 300],
    ['VAT 21%', 350, 314],
    ['259.26', 480, 314],
    ['Total due', 350, 330, 10],
    ['EUR 1,493.82', 460, 330, 10],
    ['Please pay to IBAN NL39 RABO 0300 0652 64 within 30 days.', 50, 400, 8],
  ];
}

/** Labels printed over their values, in columns, as many invoicing packages do. */
export function columnInvoice(): Page {
  return [
    ['Drukkerij Bos', 50, 50, 18],
    ['Kerkstraat 8 · 8011 AB Zwolle · KvK 23456789 · BTW NL123456782B01', 50, 70, 8],
    ['Factuurnummer', 50, 150],
    ['Factuurdatum', 180, 150],
    ['Vervaldatum', 310, 150],
    ['Klantnummer', 440, 150],
    ['2025.0117', 50, 162],
    ['06.02.2025', 180, 162],
    ['2025-03-08', 310, 162],
    ['K-1044', 440, 162],
    ['Omschrijving', 50, 210],
    ['Bedrag', 480, 210],
    ['Flyers A5, 2500 stuks', 50, 224],
    ['310,00', 480, 224],
    ['Subtotaal', 200, 300],
    ['BTW 21%', 320, 300],
    ['Totaal', 460, 300],
    ['310,00', 200, 312],
    ['65,10', 320, 312],
    ['375,10', 460, 312],
    ['IBAN NL20 INGB 0001 2345 67', 50, 780, 8],
  ];
}

/** A Dutch credit note with negative amounts. */
export function creditNote(): Page {
  return [
    ['Groothandel Visser B.V.', 50, 60, 14],
    ['Marktplein 2, 2011 AB Haarlem', 50, 76],
    ['BTW NL004495445B01  KvK 12345678', 50, 88],
    ['CREDITNOTA', 50, 150, 18],
    ['Creditnotanummer: CN-2025-007', 50, 180],
    ['Datum: 10-02-2025', 50, 192],
    ['Betreft factuur F2025-00042', 50, 204],
    ['Retour: 2 dozen koffiebekers', 50, 250],
    ['-100,00', 480, 250],
    ['Subtotaal', 350, 300],
    ['-100,00', 480, 300],
    ['BTW 21%', 350, 312],
    ['-21,00', 480, 312],
    ['Totaal', 350, 324],
    ['-121,00', 480, 324],
  ];
}

/** A till receipt: no headings, items with amounts, a total and the card payment. */
export function receipt(): Page {
  return [
    ['Bakkerij Jansen', 150, 40, 14],
    ['Dorpsstraat 1, Amsterdam', 150, 56],
    ['KASSABON', 170, 80, 12],
    ['03-01-2025 14:32   Kassa 2', 120, 96],
    ['2 x Croissant', 120, 120],
    ['2,40', 260, 120],
    ['Bruin brood', 120, 132],
    ['3,10', 260, 132],
    ['Appeltaart', 120, 144],
    ['7,00', 260, 144],
    ['TOTAAL', 120, 170, 11],
    ['12,50', 260, 170, 11],
    ['PIN', 120, 184],
    ['12,50', 260, 184],
    ['BTW 9% over 11,47', 120, 200],
    ['1,03', 260, 200],
    ['Bedankt voor uw bezoek!', 140, 230],
  ];
}

/** The line of a text with a total printed in some format, for amount-format tests. */
export function totalsOnly(gross: string, net = '100,00', vat = '21,00'): Page {
  return [
    ['Schildersbedrijf Smit', 50, 50, 14],
    ['FACTUUR', 50, 100, 16],
    ['Factuurnummer: 77', 50, 130],
    ['Totaal excl. btw', 300, 300],
    [net, 480, 300],
    ['BTW 21%', 300, 312],
    [vat, 480, 312],
    ['Totaal incl. btw', 300, 324],
    [gross, 480, 324],
  ];
}
