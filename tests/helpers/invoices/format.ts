import type { Cents } from '#packages/kernel';
import type { DocumentType, Language } from './spec.ts';

export type DateStyle = 'dd-mm-yyyy' | 'd month yyyy' | 'dd/mm/yyyy' | 'yyyy-mm-dd' | 'dd.mm.yyyy' | 'd mon yyyy';
export type AmountStyle = 'nl' | 'nl-euro' | 'euro-after' | 'eur-dot' | 'plain-comma' | 'eur-nl';

const months: Record<Language, readonly string[]> = {
  nl: [
    'januari',
    'februari',
    'maart',
    'april',
    'mei',
    'juni',
    'juli',
    'augustus',
    'september',
    'oktober',
    'november',
    'december',
  ],
  'nl-BE': [
    'januari',
    'februari',
    'maart',
    'april',
    'mei',
    'juni',
    'juli',
    'augustus',
    'september',
    'oktober',
    'november',
    'december',
  ],
  'fr-BE': [
    'janvier',
    'février',
    'mars',
    'avril',
    'mai',
    'juin',
    'juillet',
    'août',
    'septembre',
    'octobre',
    'novembre',
    'décembre',
  ],
  en: [
    'January',
    'February',
    'March',
    'April',
    'May',
    'June',
    'July',
    'August',
    'September',
    'October',
    'November',
    'December',
  ],
};

/** An ISO date as printed: `03-01-2025`, `3 januari 2025`, `03/01/2025`, `2025-01-03`, `03.01.2025`, `3 jan. 2025`. */
export function formatDate(iso: string, style: DateStyle, language: Language): string {
  const [y, m, d] = iso.split('-') as [string, string, string];
  const month = months[language][Number(m) - 1] as string;
  switch (style) {
    case 'dd-mm-yyyy':
      return `${d}-${m}-${y}`;
    case 'dd/mm/yyyy':
      return `${d}/${m}/${y}`;
    case 'dd.mm.yyyy':
      return `${d}.${m}.${y}`;
    case 'yyyy-mm-dd':
      return iso;
    case 'd month yyyy':
      return `${Number(d)} ${month} ${y}`;
    case 'd mon yyyy':
      return `${Number(d)} ${month.length > 4 ? `${month.slice(0, 3)}.` : month} ${y}`;
  }
}

function grouped(whole: string, separator: string): string {
  return whole.replace(/\B(?=(\d{3})+(?!\d))/g, separator);
}

/** Cents as printed: `1.234,56`, `€ 1.234,56`, `1.234,56 €`, `EUR 1234.56`, `1234,56`, `EUR 1.234,56`. */
export function formatAmount(cents: Cents, style: AmountStyle): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  const whole = String(Math.floor(abs / 100));
  const fraction = String(abs % 100).padStart(2, '0');
  switch (style) {
    case 'nl':
      return `${sign}${grouped(whole, '.')},${fraction}`;
    case 'nl-euro':
      return `€ ${sign}${grouped(whole, '.')},${fraction}`;
    case 'euro-after':
      return `${sign}${grouped(whole, '.')},${fraction} €`;
    case 'eur-dot':
      return `EUR ${sign}${whole}.${fraction}`;
    case 'plain-comma':
      return `${sign}${whole},${fraction}`;
    case 'eur-nl':
      return `EUR ${sign}${grouped(whole, '.')},${fraction}`;
  }
}

/** A quantity in hundredths as printed: `1`, `2,5`, `0,25` (or with a point in English). */
export function formatQuantity(hundredths: number, language: Language): string {
  const whole = Math.floor(hundredths / 100);
  const fraction = hundredths % 100;
  if (fraction === 0) return String(whole);
  const decimals = fraction % 10 === 0 ? String(fraction / 10) : String(fraction).padStart(2, '0');
  return `${whole}${language === 'en' ? '.' : ','}${decimals}`;
}

/** A rate in basis points as printed: `21%`, `9%`, `0%`. */
export function formatRate(basisPoints: number): string {
  return `${basisPoints / 100}%`;
}

export interface Labels {
  readonly title: Record<DocumentType, string>;
  readonly number: Record<DocumentType, string>;
  readonly date: string;
  readonly dueDate: string;
  readonly customerNumber: string;
  readonly orderReference: string;
  readonly reference: string;
  readonly corrects: string;
  readonly description: string;
  readonly quantity: string;
  readonly unitPrice: string;
  readonly vat: string;
  readonly amount: string;
  readonly net: string;
  readonly vatLine: (rate: string) => string;
  readonly gross: string;
  readonly toPay: Record<DocumentType, string>;
  readonly companyNumber: string;
  readonly vatNumber: string;
  readonly page: (n: number, of: number) => string;
  readonly carried: string;
  readonly reverseCharge: string;
  readonly terms: (days: number, due: string, iban: string, reference: string) => string;
  readonly creditText: string;
  readonly to: string;
  readonly phone: string;
}

export const labels: Record<Language, Labels> = {
  nl: {
    title: { invoice: 'FACTUUR', 'credit-note': 'CREDITNOTA' },
    number: { invoice: 'Factuurnummer', 'credit-note': 'Creditnotanummer' },
    date: 'Factuurdatum',
    dueDate: 'Vervaldatum',
    customerNumber: 'Klantnummer',
    orderReference: 'Uw referentie',
    reference: 'Betalingskenmerk',
    corrects: 'Betreft factuur',
    description: 'Omschrijving',
    quantity: 'Aantal',
    unitPrice: 'Prijs',
    vat: 'BTW',
    amount: 'Bedrag',
    net: 'Subtotaal',
    vatLine: (rate) => `BTW ${rate}`,
    gross: 'Totaal',
    toPay: { invoice: 'Te betalen', 'credit-note': 'Te ontvangen' },
    companyNumber: 'KvK',
    vatNumber: 'BTW-nr',
    page: (n, of) => `Pagina ${n} van ${of}`,
    carried: 'Transport',
    reverseCharge: 'BTW verlegd',
    terms: (days, due, iban, ref) =>
      `Gelieve het totaalbedrag binnen ${days} dagen (uiterlijk ${due}) over te maken op ${iban}${ref ? ` o.v.v. betalingskenmerk ${ref}` : ' o.v.v. het factuurnummer'}.`,
    creditText: 'Het bedrag wordt verrekend met uw volgende factuur.',
    to: 'Aan',
    phone: 'Tel.',
  },
  'nl-BE': {
    title: { invoice: 'FACTUUR', 'credit-note': 'CREDITNOTA' },
    number: { invoice: 'Factuurnr.', 'credit-note': 'Creditnota nr.' },
    date: 'Factuurdatum',
    dueDate: 'Vervaldag',
    customerNumber: 'Klantnr.',
    orderReference: 'Uw ref.',
    reference: 'Gestructureerde mededeling',
    corrects: 'Betreft factuur',
    description: 'Omschrijving',
    quantity: 'Aantal',
    unitPrice: 'Eenheidsprijs',
    vat: 'Btw',
    amount: 'Totaal',
    net: 'Totaal excl. btw',
    vatLine: (rate) => `Btw ${rate}`,
    gross: 'Totaal incl. btw',
    toPay: { invoice: 'Te betalen', 'credit-note': 'Terug te betalen' },
    companyNumber: 'Ondernemingsnr.',
    vatNumber: 'BTW',
    page: (n, of) => `Blad ${n}/${of}`,
    carried: 'Over te dragen',
    reverseCharge: 'Btw verlegd - medecontractant',
    terms: (days, due, iban, ref) =>
      `Te betalen binnen ${days} dagen, ten laatste op ${due}, op rekening ${iban}${ref ? ` met vermelding van ${ref}` : ''}.`,
    creditText: 'Deze creditnota wordt verrekend.',
    to: 'Klant',
    phone: 'Tel.',
  },
  'fr-BE': {
    title: { invoice: 'FACTURE', 'credit-note': 'NOTE DE CRÉDIT' },
    number: { invoice: 'N° de facture', 'credit-note': 'N° de note de crédit' },
    date: 'Date de facture',
    dueDate: "Date d'échéance",
    customerNumber: 'N° client',
    orderReference: 'Votre réf.',
    reference: 'Communication structurée',
    corrects: 'Concerne la facture',
    description: 'Description',
    quantity: 'Quantité',
    unitPrice: 'Prix unitaire',
    vat: 'TVA',
    amount: 'Montant',
    net: 'Total HTVA',
    vatLine: (rate) => `TVA ${rate}`,
    gross: 'Total TVAC',
    toPay: { invoice: 'À payer', 'credit-note': 'À rembourser' },
    companyNumber: "N° d'entreprise",
    vatNumber: 'TVA',
    page: (n, of) => `Page ${n}/${of}`,
    carried: 'À reporter',
    reverseCharge: 'Autoliquidation - TVA due par le cocontractant',
    terms: (days, due, iban, ref) =>
      `Payable à ${days} jours, au plus tard le ${due}, sur le compte ${iban}${ref ? ` avec la communication ${ref}` : ''}.`,
    creditText: 'Cette note de crédit sera déduite de votre prochaine facture.',
    to: 'Client',
    phone: 'Tél.',
  },
  en: {
    title: { invoice: 'INVOICE', 'credit-note': 'CREDIT NOTE' },
    number: { invoice: 'Invoice number', 'credit-note': 'Credit note number' },
    date: 'Invoice date',
    dueDate: 'Due date',
    customerNumber: 'Customer no.',
    orderReference: 'Your reference',
    reference: 'Payment reference',
    corrects: 'Relates to invoice',
    description: 'Description',
    quantity: 'Qty',
    unitPrice: 'Unit price',
    vat: 'VAT',
    amount: 'Amount',
    net: 'Subtotal',
    vatLine: (rate) => `VAT ${rate}`,
    gross: 'Total',
    toPay: { invoice: 'Amount due', 'credit-note': 'Amount credited' },
    companyNumber: 'Company no.',
    vatNumber: 'VAT no.',
    page: (n, of) => `Page ${n} of ${of}`,
    carried: 'Carried forward',
    reverseCharge: 'VAT reverse charged',
    terms: (days, due, iban, ref) =>
      `Please pay within ${days} days (by ${due}) to ${iban}${ref ? `, quoting ${ref}` : ', quoting the invoice number'}.`,
    creditText: 'This amount will be set off against your next invoice.',
    to: 'Bill to',
    phone: 'Phone',
  },
};
