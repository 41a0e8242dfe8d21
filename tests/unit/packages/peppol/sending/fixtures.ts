import { computeInvoice, type Invoice, lineNet } from '#packages/invoicing';
import type { Country } from '#packages/kernel';
import { vatCode } from '#packages/ledger';
import type { BuyerParty, SellerParty } from '#packages/peppol';

/** Sellers as administrations describe themselves, with the address and IBAN the books do not hold. */
export const sellers: Record<Country, SellerParty> = {
  NL: {
    legalName: 'Bakkerij Jansen B.V.',
    country: 'NL',
    vatNumber: 'NL123456782B01',
    companyNumber: '12345678',
    peppolParticipantIds: ['0106:12345678'],
    address: { street: 'Damrak 1', postalCode: '1012 LG', city: 'Amsterdam' },
  },
  BE: {
    legalName: 'Samenwerken BV',
    country: 'BE',
    vatNumber: 'BE0403170701',
    companyNumber: '0403170701',
    peppolParticipantIds: [],
  },
};

export const buyers: Record<Country, BuyerParty> = {
  NL: {
    name: 'Korenschoof B.V.',
    number: 7,
    address: { street: 'Coolsingel 40', postalCode: '3011 AD', city: 'Rotterdam', country: 'NL' },
    vatNumber: 'NL004495445B01',
    companyNumber: '87654321',
  },
  BE: {
    name: 'Klant NV',
    number: 3,
    address: { street: 'Veldstraat 1', postalCode: '9000', city: 'Gent', country: 'BE' },
    vatNumber: 'BE0202239951',
    companyNumber: '0202239951',
  },
};

export interface LineSpec {
  readonly quantity: string;
  /** Cents. */
  readonly unitPrice: number;
  readonly vatCode: string;
}

/** A posted sales invoice (or credit note) of `country` as the invoicing package stores it. */
export function salesInvoice(country: Country, lines: readonly LineSpec[], kind: Invoice['kind'] = 'invoice'): Invoice {
  const sign = kind === 'credit-note' ? -1 : 1;
  const priced = lines.map((l) => {
    const code = vatCode(country, l.vatCode);
    if (!code) throw new Error(`No VAT code ${l.vatCode}`);
    return { ...l, rateBasisPoints: code.rateBasisPoints, selfAssessed: false };
  });
  const calc = computeInvoice(priced, sign);
  return {
    id: `inv-${country}-${kind}`,
    administrationId: `adm-${country}`,
    side: 'sales',
    kind,
    number: kind === 'credit-note' ? 'F2026-0002' : 'F2026-0001',
    series: 'F',
    relationId: 'rel-1',
    relationName: buyers[country].name,
    relationNumber: buyers[country].number,
    invoiceDate: '2026-11-01',
    dueDate: '2026-12-01',
    currency: 'EUR',
    lines: lines.map((l, i) => ({
      description: `Regel ${i + 1}`,
      quantity: l.quantity,
      unitPrice: l.unitPrice,
      vatCode: l.vatCode,
      glAccount: '8000',
      net: calc.nets[i] ?? sign * lineNet(l.quantity, l.unitPrice),
    })),
    vat: calc.vat,
    totals: calc.totals,
    paymentReference: country === 'BE' ? '+++010/2600/00186+++' : '1000120260000015',
    entryId: 'VRK-2026-1',
    openItemId: `inv-${country}-${kind}`,
    ...(kind === 'credit-note' ? { creditNoteFor: 'inv-1' } : {}),
    createdAt: '2026-11-01T10:00:00.000Z',
    createdBy: 'accountant-1',
  };
}
