import { describe, expect, it } from 'vitest';
import {
  CreateRelationInput,
  isPlausibleVatNumber,
  normaliseName,
  RelationListQuery,
  relationIssues,
  UpdateRelationInput,
  UpsertRelationInput,
} from '#packages/relations';

const issuePaths = (result: { success: boolean; error?: { issues: { path: PropertyKey[] }[] } }) =>
  result.error?.issues.map((i) => i.path.join('.')) ?? [];

describe('CreateRelationInput', () => {
  it('normalises identifiers and fills the lists', () => {
    const parsed = CreateRelationInput.parse({
      roles: ['supplier'],
      name: '  Bakkerij Jansen BV ',
      address: { street: 'Dorpsstraat 1', postalCode: '1234 ab', city: 'Utrecht', country: 'nl' },
      vatNumber: 'nl 0044.95445 b01',
      companyNumber: '1709 0117',
      ibans: ['NL91 ABNA 0417 1643 00'],
    });
    expect(parsed).toEqual({
      roles: ['supplier'],
      name: 'Bakkerij Jansen BV',
      address: { street: 'Dorpsstraat 1', postalCode: '1234 AB', city: 'Utrecht', country: 'NL' },
      vatNumber: 'NL004495445B01',
      companyNumber: '17090117',
      ibans: ['NL91ABNA0417164300'],
      contacts: [],
      externalIds: [],
    });
  });

  it('checks NL and BE VAT numbers by check digit and reports each problem at its path', () => {
    const parsed = CreateRelationInput.safeParse({
      roles: ['customer'],
      name: 'X',
      address: { country: 'BE' },
      vatNumber: 'BE0403170702',
      companyNumber: '0403.170.702',
      ibans: ['NL91ABNA0417164301'],
    });
    expect(parsed.success).toBe(false);
    expect(issuePaths(parsed)).toEqual(['ibans.0', 'vatNumber', 'companyNumber']);
  });

  it('checks the company number against the address country and needs that country', () => {
    const base = { roles: ['supplier'], name: 'X', companyNumber: '0403170701' };
    expect(CreateRelationInput.safeParse({ ...base, address: { country: 'BE' } }).success).toBe(true);
    expect(issuePaths(CreateRelationInput.safeParse({ ...base, address: { country: 'NL' } }))).toEqual([
      'companyNumber',
    ]);
    expect(issuePaths(CreateRelationInput.safeParse(base))).toEqual(['companyNumber']);
    expect(
      CreateRelationInput.safeParse({ ...base, address: { country: 'DE' }, companyNumber: 'HRB 12345' }).success,
    ).toBe(true);
  });

  it('refuses the same IBAN or external id twice, no roles and an unknown country', () => {
    const parsed = CreateRelationInput.safeParse({
      roles: [],
      name: 'X',
      address: { country: 'XX' },
      ibans: ['NL91ABNA0417164300', 'NL91 ABNA 0417 1643 00'],
      externalIds: [
        { source: 'Exact', id: '1' },
        { source: 'exact', id: '1' },
      ],
    });
    expect(issuePaths(parsed).sort()).toEqual(['address.country', 'externalIds', 'ibans', 'roles']);
  });

  it('refuses unknown fields rather than dropping them silently', () => {
    expect(CreateRelationInput.safeParse({ roles: ['customer'], name: 'X', number: 7 }).success).toBe(false);
  });

  it('validates contacts: e-mail address and phone number', () => {
    const parsed = CreateRelationInput.safeParse({
      roles: ['customer'],
      name: 'X',
      contacts: [{ name: 'Piet', email: 'not-an-address', phone: 'call me' }],
    });
    expect(issuePaths(parsed)).toEqual(['contacts.0.email', 'contacts.0.phone']);
  });
});

describe('isPlausibleVatNumber', () => {
  it.each([
    'NL004495445B01',
    'BE0403170701',
    'DE123456789',
    'FR40303265045',
    'ATU12345678',
    'EL123456789',
    'SE556677889901',
  ])('accepts %s', (value) => expect(isPlausibleVatNumber(value)).toBe(true));

  it.each([
    ['NL004495446B01', 'a wrong NL check digit'],
    ['DE12345678', 'eight digits for Germany'],
    ['GR123456789', 'GR instead of EL for Greece'],
    ['US123456789', 'a country without VAT numbers here'],
    ['123456789', 'no country prefix'],
  ])('rejects %s (%s)', (value, _reason) => expect(isPlausibleVatNumber(value)).toBe(false));
});

describe('relationIssues', () => {
  it('reports a role listed twice', () => {
    expect(relationIssues({ roles: ['customer', 'customer'], ibans: [], externalIds: [] })).toEqual([
      { path: 'roles', message: 'A role is listed twice.' },
    ]);
  });
});

describe('UpsertRelationInput', () => {
  it('leaves lists it was not sent undefined, so an upsert keeps them', () => {
    expect(UpsertRelationInput.parse({ roles: ['supplier'], name: 'X' })).toEqual({ roles: ['supplier'], name: 'X' });
  });
});

describe('UpdateRelationInput', () => {
  it('needs at least one field and accepts null to clear an optional one', () => {
    expect(UpdateRelationInput.safeParse({}).success).toBe(false);
    expect(UpdateRelationInput.parse({ vatNumber: null, paymentTermDays: 14 })).toEqual({
      vatNumber: null,
      paymentTermDays: 14,
    });
  });
});

describe('RelationListQuery', () => {
  it('lists active relations unless told otherwise and coerces the limit from the query string', () => {
    expect(RelationListQuery.parse({ limit: '20' })).toEqual({ status: 'active', limit: 20 });
    expect(RelationListQuery.safeParse({ role: 'both' }).success).toBe(false);
  });
});

describe('normaliseName', () => {
  it('ignores case, accents and punctuation', () => {
    expect(normaliseName('  Café ’t Hoekje B.V. ')).toBe('cafe t hoekje b v');
    expect(normaliseName('ÉÉN-Twee#Drie')).toBe('een twee drie');
  });
});
