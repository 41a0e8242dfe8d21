import { describe, expect, it } from 'vitest';
import { CreateAdministrationInput, UpdateAdministrationInput } from '#packages/tenancy';

describe('CreateAdministrationInput', () => {
  it('normalises identifiers and fills defaults', () => {
    const parsed = CreateAdministrationInput.parse({
      country: 'BE',
      legalName: 'Bakkerij Jansen BV',
      vatNumber: 'be 0403.170.701',
      companyNumber: '0403.170.701',
      plan: 'samenwerken',
    });
    expect(parsed).toMatchObject({
      vatNumber: 'BE0403170701',
      companyNumber: '0403170701',
      addOns: [],
      peppolParticipantIds: [],
      allowedSenders: [],
    });
  });

  it('reports a wrong VAT check digit and a short KvK number at their field paths', () => {
    const parsed = CreateAdministrationInput.safeParse({
      country: 'NL',
      legalName: 'Kapsalon Knip B.V.',
      vatNumber: 'NL004495446B01',
      companyNumber: '1234567',
      plan: 'standaard',
    });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((i) => i.path.join('.'))).toEqual(['vatNumber', 'companyNumber']);
  });

  it('takes the postal address and IBAN its invoices print, and refuses an IBAN with a wrong check', () => {
    const base = { country: 'NL', legalName: 'Kapsalon Knip B.V.', plan: 'standaard' } as const;
    const parsed = CreateAdministrationInput.parse({
      ...base,
      address: { street: 'Oudegracht 12', postalCode: '3511 ap', city: 'Utrecht' },
      iban: 'NL91 ABNA 0417 1643 00',
    });
    const wrong = CreateAdministrationInput.safeParse({ ...base, iban: 'NL91ABNA0417164301' });

    expect(parsed).toMatchObject({ address: { postalCode: '3511 AP' }, iban: 'NL91ABNA0417164300' });
    expect(wrong.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([['iban', 'Not a valid IBAN.']]);
    expect(UpdateAdministrationInput.parse({ address: null, iban: null })).toEqual({ address: null, iban: null });
  });

  it('refuses unknown fields rather than dropping them silently', () => {
    const parsed = CreateAdministrationInput.safeParse({
      country: 'NL',
      legalName: 'X',
      plan: 'standaard',
      firmId: 'someone-else',
    });
    expect(parsed.success).toBe(false);
  });
});

describe('UpdateAdministrationInput', () => {
  it('needs at least one field', () => {
    expect(UpdateAdministrationInput.safeParse({}).success).toBe(false);
    expect(UpdateAdministrationInput.safeParse({ plan: 'samenwerken' }).success).toBe(true);
  });

  it('accepts null to clear the VAT number', () => {
    expect(UpdateAdministrationInput.parse({ vatNumber: null })).toEqual({ vatNumber: null });
  });
});
