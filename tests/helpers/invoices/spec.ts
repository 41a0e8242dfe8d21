import { type Cents, mulDivRound, vatOf } from '#packages/kernel';
import { belgianEnterpriseNumber, dutchVatNumber, iban, kvkNumber, paymentReference } from './identifiers.ts';
import { Random } from './random.ts';

export type Country = 'NL' | 'BE';
/** The language of the printed labels: Dutch, Belgian Dutch, Belgian French, English. */
export type Language = 'nl' | 'nl-BE' | 'fr-BE' | 'en';
export type DocumentType = 'invoice' | 'credit-note';

export interface Party {
  readonly name: string;
  readonly street: string;
  readonly postcode: string;
  readonly city: string;
  readonly country: Country;
  /** Compact: `NL123456782B01`, `BE0403170701`. */
  readonly vatNumber: string;
  /** KvK (8 digits) or Belgian enterprise number (10 digits), compact. */
  readonly companyNumber: string;
  /** Electronic form. */
  readonly iban: string;
  readonly bic: string;
  readonly email: string;
  readonly phone: string;
}

export interface InvoiceLine {
  readonly description: string;
  /** Quantity in hundredths (2.5 hours = 250). */
  readonly quantityHundredths: number;
  readonly unitPrice: Cents;
  readonly vatRateBasisPoints: number;
  readonly net: Cents;
}

export interface VatSubtotal {
  readonly rateBasisPoints: number;
  /** UNCL 5305: S standard, Z zero rated, AE reverse charge. */
  readonly category: 'S' | 'Z' | 'AE';
  readonly base: Cents;
  readonly vat: Cents;
}

export interface InvoiceSpec {
  readonly seed: number;
  readonly documentType: DocumentType;
  readonly language: Language;
  readonly supplier: Party;
  readonly customer: Party;
  readonly customerNumber: string;
  readonly invoiceNumber: string;
  /** ISO dates. */
  readonly invoiceDate: string;
  readonly dueDate?: string;
  readonly paymentTermDays?: number;
  readonly currency: 'EUR';
  readonly lines: readonly InvoiceLine[];
  readonly vatBreakdown: readonly VatSubtotal[];
  /** Positive for credit notes too: the document type carries the sign, as in EN 16931. */
  readonly totals: { readonly net: Cents; readonly vat: Cents; readonly gross: Cents };
  /** As printed: a 16-digit betalingskenmerk or `+++123/4567/89002+++`. */
  readonly paymentReference?: string;
  /** The invoice a credit note corrects. */
  readonly correctedInvoiceNumber?: string;
  readonly orderReference?: string;
  /** Intra-community service to a customer in the other country: VAT reverse charged. */
  readonly reverseCharge: boolean;
}

/** The header fields a recogniser is scored on; absent ones are not printed and not scored. */
export interface GroundTruth {
  readonly supplierName: string;
  readonly supplierVatNumber: string;
  readonly supplierCompanyNumber: string;
  readonly supplierIban: string;
  readonly invoiceNumber: string;
  readonly invoiceDate: string;
  readonly dueDate?: string;
  readonly currency: string;
  readonly net: Cents;
  readonly vat: Cents;
  readonly gross: Cents;
  readonly paymentReference?: string;
  readonly documentType: DocumentType;
}

export const headerFields = [
  'supplierName',
  'supplierVatNumber',
  'supplierCompanyNumber',
  'supplierIban',
  'invoiceNumber',
  'invoiceDate',
  'dueDate',
  'currency',
  'net',
  'vat',
  'gross',
  'paymentReference',
  'documentType',
] as const satisfies readonly (keyof GroundTruth)[];
export type HeaderField = (typeof headerFields)[number];

export interface SpecOptions {
  readonly country?: Country;
  readonly language?: Language;
  readonly documentType?: DocumentType;
  /** At most this many lines (a scan shows page 1 only, so its totals must be on page 1). */
  readonly maxLines?: number;
  /** At least this many lines (to force a multi-page text PDF). */
  readonly minLines?: number;
}

const dutchTrades = [
  'Bakkerij',
  'Installatiebedrijf',
  'Schildersbedrijf',
  'Adviesbureau',
  'Drukkerij',
  'Transportbedrijf',
  'Hoveniersbedrijf',
  'Autobedrijf',
  'Administratiekantoor',
  'Groothandel',
  'Elektrotechniek',
  'Timmerbedrijf',
];
const dutchSurnames = [
  'Jansen',
  'de Vries',
  'van den Berg',
  'Bakker',
  'Visser',
  'Smit',
  'Meijer',
  'de Boer',
  'Mulder',
  'de Groot',
  'Bos',
  'Hendriks',
  'van Dijk',
  'Kok',
  'Brouwer',
];
const flemishSurnames = ['Peeters', 'Janssens', 'Maes', 'Jacobs', 'Mertens', 'Willems', 'Claes', 'Goossens', 'Wouters'];
const flemishTrades = [
  'Bouwonderneming',
  'Schrijnwerkerij',
  'Drukkerij',
  'Elektro',
  'Garage',
  'Bakkerij',
  'Studiebureau',
];
const frenchSurnames = ['Dubois', 'Lambert', 'Dupont', 'Martin', 'Simon', 'Laurent', 'Leclercq', 'Lejeune', 'Renard'];
const frenchTrades = ['Boulangerie', 'Menuiserie', 'Garage', 'Imprimerie', 'Transports', 'Fiduciaire', 'Électricité'];
const englishish = [
  'Nordic Software',
  'Blue Harbour Consulting',
  'Polder Digital',
  'Greenline Logistics',
  'Brightdesk',
];

const dutchStreets = [
  'Kerkstraat',
  'Dorpsstraat',
  'Industrieweg',
  'Stationsplein',
  'Hoofdweg',
  'Molenlaan',
  'Marktplein',
];
const dutchCities = ['Amsterdam', 'Utrecht', 'Zwolle', 'Eindhoven', 'Groningen', 'Haarlem', 'Amersfoort', 'Breda'];
const belgianStreets = ['Meir', 'Veldstraat', 'Bondgenotenlaan', 'Kerkstraat', 'Stationsstraat', 'Rue de la Loi'];
const belgianFrenchStreets = ['Rue Saint-Gilles', 'Avenue Louise', 'Rue de Fer', 'Chaussée de Namur', 'Rue Haute'];
const belgianCities = [
  ['2000', 'Antwerpen'],
  ['9000', 'Gent'],
  ['3000', 'Leuven'],
  ['8000', 'Brugge'],
  ['3500', 'Hasselt'],
  ['2800', 'Mechelen'],
] as const;
const belgianFrenchCities = [
  ['1000', 'Bruxelles'],
  ['4000', 'Liège'],
  ['5000', 'Namur'],
  ['6000', 'Charleroi'],
  ['7000', 'Mons'],
] as const;
const dutchBics: Record<string, string> = {
  ABNA: 'ABNANL2A',
  INGB: 'INGBNL2A',
  RABO: 'RABONL2U',
  TRIO: 'TRIONL2U',
  KNAB: 'KNABNL2H',
  BUNQ: 'BUNQNL2A',
  SNSB: 'SNSBNL2A',
  ASNB: 'ASNBNL21',
  RBRB: 'RBRBNL21',
};
const belgianBics = ['GEBABEBB', 'BBRUBEBB', 'KREDBEBB', 'GKCCBEBB', 'ARSPBE22', 'AXABBE22'];

const descriptions: Record<Language, readonly string[]> = {
  nl: [
    'Advieswerkzaamheden',
    'Uren montage',
    'Materiaal',
    'Onderhoudscontract',
    'Licentie boekhoudsoftware',
    'Transportkosten',
    'Voorrijkosten',
    'Kantoorpapier A4 (doos)',
    'Toner zwart',
    'Lunch vergadering',
    'Webhosting 12 maanden',
    'Schilderwerk gevel',
    'Verf wit 2,5 liter',
    'Arbeidsloon',
    'Boeken (leesmap)',
  ],
  'nl-BE': [
    'Prestaties studiewerk',
    'Werkuren',
    'Materialen',
    'Onderhoudscontract',
    'Verplaatsingskosten',
    'Drukwerk folders A5',
    'Plaatsing stopcontacten',
    'Huur bestelwagen',
    'Renovatie badkamer',
    'Brood en banket',
  ],
  'fr-BE': [
    'Prestations de conseil',
    'Heures de travail',
    'Matériel électrique',
    'Frais de déplacement',
    'Entretien annuel',
    'Impression flyers A5',
    'Location camionnette',
    'Pose de châssis',
    'Pains et viennoiseries',
  ],
  en: [
    'Consulting services',
    'Software licence',
    'Hosting (12 months)',
    'Travel expenses',
    'Support hours',
    'Hardware: laptop stand',
    'Training workshop',
    'Design work',
  ],
};

const ratesOf: Record<Country, readonly number[]> = {
  NL: [2100, 2100, 2100, 2100, 900, 900, 0],
  BE: [2100, 2100, 2100, 1200, 600, 600, 0],
};

function isoDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

function addDays(iso: string, days: number): string {
  const date = new Date(`${iso}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return isoDate(date);
}

function languageOfCountry(random: Random, country: Country): Language {
  return country === 'NL'
    ? random.pick(['nl', 'nl', 'nl', 'en'] as const)
    : random.pick(['nl-BE', 'fr-BE', 'en'] as const);
}

function partyName(random: Random, country: Country, language: Language): string {
  if (language === 'en' && random.chance(0.5)) {
    return `${random.pick(englishish)} ${country === 'NL' ? 'B.V.' : 'BV'}`;
  }
  if (country === 'NL') {
    const surname = random.pick(dutchSurnames);
    const trade = random.pick(dutchTrades);
    const capital = surname.charAt(0).toUpperCase() + surname.slice(1);
    return random.pick([
      `${trade} ${capital} B.V.`,
      `${capital} ${trade}`,
      `${trade} ${capital} V.O.F.`,
      `${capital} & ${random.pick(dutchSurnames).replace(/^./, (c) => c.toUpperCase())} B.V.`,
    ]);
  }
  if (language === 'fr-BE') {
    return random.pick([
      `${random.pick(frenchTrades)} ${random.pick(frenchSurnames)} SRL`,
      `${random.pick(frenchSurnames)} & Fils SA`,
      `${random.pick(frenchTrades)} ${random.pick(frenchSurnames)} SComm`,
    ]);
  }
  return random.pick([
    `${random.pick(flemishTrades)} ${random.pick(flemishSurnames)} BV`,
    `${random.pick(flemishSurnames)} & Zonen NV`,
    `${random.pick(flemishTrades)} ${random.pick(flemishSurnames)} CommV`,
  ]);
}

function party(random: Random, country: Country, language: Language, name?: string): Party {
  const partyName_ = name ?? partyName(random, country, language);
  const vatCompany = country === 'NL' ? { kvk: kvkNumber(random), vat: dutchVatNumber(random) } : undefined;
  const enterprise = country === 'BE' ? belgianEnterpriseNumber(random) : undefined;
  const account = iban(random, country);
  const domain = `${partyName_
    .toLowerCase()
    .normalize('NFD')
    .replace(/[^a-z]/g, '')
    .slice(0, 18)}.${country.toLowerCase()}`;
  if (country === 'NL') {
    return {
      name: partyName_,
      street: `${random.pick(dutchStreets)} ${random.int(1, 240)}`,
      postcode: `${random.int(1000, 9999)} ${String.fromCharCode(65 + random.int(0, 25))}${String.fromCharCode(65 + random.int(0, 25))}`,
      city: random.pick(dutchCities),
      country,
      vatNumber: vatCompany?.vat as string,
      companyNumber: vatCompany?.kvk as string,
      iban: account,
      bic: dutchBics[account.slice(4, 8)] ?? 'ABNANL2A',
      email: `info@${domain}`,
      phone: `0${random.int(10, 79)}-${random.digits(7)}`,
    };
  }
  const [postcode, city] = language === 'fr-BE' ? random.pick(belgianFrenchCities) : random.pick(belgianCities);
  return {
    name: partyName_,
    street: `${random.pick(language === 'fr-BE' ? belgianFrenchStreets : belgianStreets)} ${random.int(1, 180)}`,
    postcode,
    city,
    country,
    vatNumber: `BE${enterprise}`,
    companyNumber: enterprise as string,
    iban: account,
    bic: random.pick(belgianBics),
    email: `info@${domain}`,
    phone: `0${random.int(2, 9)} ${random.digits(3)} ${random.digits(2)} ${random.digits(2)}`,
  };
}

const customerNames: Record<Country, readonly string[]> = {
  NL: [
    'Café De Zwaan',
    'Tandartspraktijk Smit',
    'Bloemenhuis Flora B.V.',
    'Fietsenmaker Dekker',
    'Kapsalon Knip & Co',
    'Fysiotherapie Oost B.V.',
  ],
  BE: [
    'Brasserie Het Anker BV',
    'Tandartsenpraktijk Wouters',
    'Fleuriste Marguerite SRL',
    'Fietsen Claes',
    'Kinesitherapie Noord BV',
    'Librairie du Parc SRL',
  ],
};

function invoiceNumberOf(random: Random, year: number, documentType: DocumentType): string {
  const yy = String(year).slice(2);
  const styles =
    documentType === 'invoice'
      ? [
          () => `${year}-${random.digits(4)}`,
          () => `F${year}/${random.digits(5)}`,
          () => `INV-${random.int(10000, 99999)}`,
          () => `${year}${random.digits(5)}`,
          () => `VF${yy}-${random.digits(4)}`,
          () => `FAC-${year}-${random.digits(4)}`,
          () => `${random.int(100000, 999999)}`,
          () => `${yy}.${random.digits(4)}`,
        ]
      : [
          () => `CN-${year}-${random.digits(4)}`,
          () => `C${year}/${random.digits(5)}`,
          () => `CR-${random.int(10000, 99999)}`,
          () => `${year}-C${random.digits(3)}`,
          () => `NC${yy}-${random.digits(4)}`,
        ];
  return random.pick(styles)();
}

function quantityOf(random: Random): number {
  return random.pick([
    () => 100,
    () => 100,
    () => random.int(1, 12) * 100,
    () => random.int(1, 16) * 50,
    () => random.int(1, 40) * 25,
  ])();
}

function unitPriceOf(random: Random): Cents {
  return random.pick([
    () => random.int(50, 2_500),
    () => random.int(1_000, 25_000),
    () => random.int(20_000, 250_000),
    () => random.int(1, 40) * 500,
  ])();
}

/**
 * A purchase invoice (or credit note) as a Dutch or Belgian small business receives it,
 * deterministic from `seed`: supplier and customer with valid identifiers, lines whose nets,
 * VAT per rate and totals add up exactly (VAT per rate on the summed base, as EN 16931 does).
 */
export function generateInvoiceSpec(seed: number, options: SpecOptions = {}): InvoiceSpec {
  const random = new Random(seed);
  const country = options.country ?? random.pick(['NL', 'BE'] as const);
  const language = options.language ?? languageOfCountry(random, country);
  const documentType = options.documentType ?? (random.chance(0.15) ? 'credit-note' : 'invoice');
  const supplier = party(random.fork('supplier'), country, language);
  const customerCountry: Country = random.chance(0.12) ? (country === 'NL' ? 'BE' : 'NL') : country;
  const customerRandom = random.fork('customer');
  const customer = party(
    customerRandom,
    customerCountry,
    customerCountry === country ? language : customerCountry === 'NL' ? 'nl' : 'nl-BE',
    customerRandom.pick(customerNames[customerCountry]),
  );
  const reverseCharge = customerCountry !== country;

  const year = random.pick([2024, 2025, 2025, 2026]);
  const invoiceDate = isoDate(new Date(Date.UTC(year, random.int(0, 11), random.int(1, 28))));
  const paymentTermDays = random.pick([8, 14, 14, 30, 30, 30, 60]);
  const invoiceNumber = invoiceNumberOf(random, year, documentType);

  const long = options.minLines !== undefined || ((options.maxLines ?? 45) >= 26 && random.chance(0.1));
  const minLines = options.minLines ?? (long ? 26 : 1);
  const maxLines = Math.max(minLines, Math.min(options.maxLines ?? 45, long ? 45 : 7));
  const lineCount = random.int(minLines, maxLines);
  const lineRandom = random.fork('lines');
  const lines: InvoiceLine[] = [];
  for (let i = 0; i < lineCount; i++) {
    const quantityHundredths = quantityOf(lineRandom);
    const unitPrice = unitPriceOf(lineRandom);
    const vatRateBasisPoints = reverseCharge ? 0 : lineRandom.pick(ratesOf[country]);
    lines.push({
      description: lineRandom.pick(descriptions[language]),
      quantityHundredths,
      unitPrice,
      vatRateBasisPoints,
      net: mulDivRound(unitPrice, quantityHundredths, 100),
    });
  }
  const rates = [...new Set(lines.map((l) => l.vatRateBasisPoints))].sort((a, b) => b - a);
  const vatBreakdown = rates.map((rate): VatSubtotal => {
    const base = lines.filter((l) => l.vatRateBasisPoints === rate).reduce((s, l) => s + l.net, 0);
    return {
      rateBasisPoints: rate,
      category: reverseCharge ? 'AE' : rate === 0 ? 'Z' : 'S',
      base,
      vat: vatOf(base, rate),
    };
  });
  const net = vatBreakdown.reduce((s, b) => s + b.base, 0);
  const vat = vatBreakdown.reduce((s, b) => s + b.vat, 0);

  const isInvoice = documentType === 'invoice';
  const hasReference = isInvoice && (country === 'BE' ? random.chance(0.85) : random.chance(0.6));
  return {
    seed,
    documentType,
    language,
    supplier,
    customer,
    customerNumber: `${random.pick(['K', 'D', '', 'CL'])}${random.int(1000, 99999)}`,
    invoiceNumber,
    invoiceDate,
    dueDate: isInvoice ? addDays(invoiceDate, paymentTermDays) : undefined,
    paymentTermDays: isInvoice ? paymentTermDays : undefined,
    currency: 'EUR',
    lines,
    vatBreakdown,
    totals: { net, vat, gross: net + vat },
    paymentReference: hasReference ? paymentReference(random.fork('reference'), country) : undefined,
    correctedInvoiceNumber: isInvoice ? undefined : invoiceNumberOf(random, year, 'invoice'),
    orderReference: random.chance(0.3) ? `PO-${random.digits(6)}` : undefined,
    reverseCharge,
  };
}

/** What a recogniser should read from any rendering of `spec`. */
export function groundTruthOf(spec: InvoiceSpec): GroundTruth {
  return {
    supplierName: spec.supplier.name,
    supplierVatNumber: spec.supplier.vatNumber,
    supplierCompanyNumber: spec.supplier.companyNumber,
    supplierIban: spec.supplier.iban,
    invoiceNumber: spec.invoiceNumber,
    invoiceDate: spec.invoiceDate,
    dueDate: spec.dueDate,
    currency: spec.currency,
    net: spec.totals.net,
    vat: spec.totals.vat,
    gross: spec.totals.gross,
    paymentReference: spec.paymentReference,
    documentType: spec.documentType,
  };
}

/** The customer's own identifiers, as the back end knows them for the administration. */
export function hintsOf(spec: InvoiceSpec) {
  return {
    ownVatNumbers: [spec.customer.vatNumber],
    ownIbans: [spec.customer.iban],
    ownNames: [spec.customer.name],
    country: spec.customer.country,
  };
}
