import { describe, expect, it } from 'vitest';
import {
  type BankLine,
  type BookedLine,
  type CommonCounterparty,
  emptyHistory,
  learnFromBooking,
  type MatchingHistory,
  matchBankLine,
} from '#packages/bank/matching';

const kpn = { counterpartyIban: 'NL35ABNA0123456789', counterpartyName: 'KPN B.V.' };

function line(amount: number, extra: Partial<BankLine> = {}): BankLine {
  return { bookingDate: '2026-05-03', amount, currency: 'EUR', ...extra };
}

function learned(times: number, booked: BookedLine, extra: Partial<BankLine>): MatchingHistory {
  let history = emptyHistory();
  for (let i = 0; i < times; i++) history = learnFromBooking(history, line(-6_050, extra), booked);
  return history;
}

const common: CommonCounterparty[] = [
  {
    label: 'Belastingdienst',
    names: ['Belastingdienst'],
    ibans: ['NL86INGB0002445588'],
    words: ['omzetbelasting'],
    glAccount: '1630',
  },
  {
    label: 'Belastingdienst',
    names: ['Belastingdienst'],
    ibans: ['NL86INGB0002445588'],
    words: ['loonheffingen'],
    glAccount: '1640',
  },
];

describe('learnFromBooking', () => {
  it('counts a GL booking under the IBAN, the name and the description words', () => {
    const history = learnFromBooking(emptyHistory(), line(-6_050, { ...kpn, remittance: 'Zakelijk abonnement mei' }), {
      kind: 'gl-account',
      lines: [{ glAccount: '4510', vatCode: 'NL-I21' }],
    });

    expect(history.byIban['out:NL35ABNA0123456789']).toEqual({ '4510|NL-I21': 1 });
    expect(history.byName['out:kpn']).toEqual({ '4510|NL-I21': 1 });
    expect(history.byWord['out:abonnement']).toEqual({ '4510|NL-I21': 1 });
  });

  it('remembers which relation an unknown IBAN paid for', () => {
    const history = learnFromBooking(emptyHistory(), line(10_000, { counterpartyIban: 'NL02RABO0123456789' }), {
      kind: 'open-items',
      relationId: 'rel-7',
    });

    expect(history.ibanRelations).toEqual({ NL02RABO0123456789: { 'rel-7': 1 } });
  });

  it('does not change the history it was given', () => {
    const before = emptyHistory();

    learnFromBooking(before, line(-100, kpn), { kind: 'gl-account', lines: [{ glAccount: '4510' }] });

    expect(before).toEqual(emptyHistory());
  });
});

describe('matchBankLine: learned GL accounts', () => {
  it('auto-books a recurring counterparty on the account it was always booked on', () => {
    const history = learned(
      6,
      { kind: 'gl-account', lines: [{ glAccount: '4510', vatCode: 'NL-I21' }] },
      { ...kpn, remittance: 'Zakelijk abonnement 2026' },
    );

    const s = matchBankLine(line(-6_050, { ...kpn, remittance: 'Abonnement mei 2026' }), {
      openItems: [],
      relations: [],
      history,
    });

    expect(s.kind).toBe('gl-account');
    expect(s.glLines).toEqual([{ glAccount: '4510', vatCode: 'NL-I21', amount: -6_050 }]);
    expect(s.decision).toBe('auto-book');
    expect(s.explanation.evidence.map((e) => e.kind)).toContain('history-iban');
  });

  it('only suggests after a single booking', () => {
    const history = learned(1, { kind: 'gl-account', lines: [{ glAccount: '4510' }] }, kpn);

    const s = matchBankLine(line(-6_050, kpn), { openItems: [], relations: [], history });

    expect(s.kind).toBe('gl-account');
    expect(s.decision).toBe('suggest');
  });

  it('lowers confidence when the counterparty was booked on different accounts', () => {
    let history = learned(3, { kind: 'gl-account', lines: [{ glAccount: '4510' }] }, kpn);
    for (let i = 0; i < 3; i++) {
      history = learnFromBooking(history, line(-6_050, kpn), { kind: 'gl-account', lines: [{ glAccount: '4530' }] });
    }

    const s = matchBankLine(line(-6_050, kpn), { openItems: [], relations: [], history });

    expect(s.confidence).toBeLessThan(0.6);
  });

  it('only suggests when a known counterparty is paid with a description never booked before', () => {
    const tax = { counterpartyIban: 'NL86INGB0002445588', counterpartyName: 'Belastingdienst' };
    const history = learned(
      8,
      { kind: 'gl-account', lines: [{ glAccount: '1550' }] },
      { ...tax, remittance: 'Loonheffingen aangifte' },
    );

    const s = matchBankLine(line(-250_000, { ...tax, remittance: 'Omzetbelasting 1e kwartaal' }), {
      openItems: [],
      relations: [],
      history,
    });

    expect(s.decision).toBe('suggest');
    expect(s.explanation.evidence.some((e) => e.kind === 'ambiguity')).toBe(true);
  });

  it('tells two purposes of one IBAN apart by the words booked with it', () => {
    const tax = { counterpartyIban: 'NL86INGB0002445588', counterpartyName: 'Belastingdienst' };
    let history = learned(
      6,
      { kind: 'gl-account', lines: [{ glAccount: '1550' }] },
      { ...tax, remittance: 'loonheffingen' },
    );
    for (let i = 0; i < 3; i++) {
      history = learnFromBooking(history, line(-90_000, { ...tax, remittance: 'omzetbelasting kwartaal' }), {
        kind: 'gl-account',
        lines: [{ glAccount: '1510' }],
      });
    }

    const s = matchBankLine(line(-120_000, { ...tax, remittance: 'Omzetbelasting 1e kwartaal' }), {
      openItems: [],
      relations: [],
      history,
    });

    expect(s.glLines[0]?.glAccount).toBe('1510');
  });

  it('learns the bank charges, which have no counterparty account, by their transaction code', () => {
    const charges = { transactionCode: 'ACMT/MDOP/CHRG', remittance: 'Kosten zakelijk betalingsverkeer' };
    const history = learned(5, { kind: 'gl-account', lines: [{ glAccount: '4900' }] }, charges);

    const s = matchBankLine(line(-1_250, charges), { openItems: [], relations: [], history });

    expect(s.glLines[0]?.glAccount).toBe('4900');
    expect(s.decision).toBe('auto-book');
    expect(s.explanation.evidence.map((e) => e.kind)).toContain('history-code');
  });

  it('falls back to the firm-wide account of a common counterparty, chosen by the remittance words', () => {
    const s = matchBankLine(
      line(-250_000, {
        counterpartyIban: 'NL86INGB0002445588',
        counterpartyName: 'Belastingdienst',
        remittance: 'Omzetbelasting 1e kwartaal 2026 kenmerk',
      }),
      { openItems: [], relations: [], history: emptyHistory(), commonCounterparties: common },
    );

    expect(s.kind).toBe('gl-account');
    expect(s.glLines[0]?.glAccount).toBe('1630');
    expect(s.decision).toBe('suggest');
    expect(s.explanation.evidence[0]?.kind).toBe('common-counterparty');
  });
});
