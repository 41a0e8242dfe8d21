import { XMLParser, XMLValidator } from 'fast-xml-parser-v5';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '#packages/kernel';
import {
  buildPain001,
  type CreditTransferMessage,
  isSepaText,
  remittanceFor,
  structuredReference,
  toSepaText,
} from '#packages/payments';

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  parseTagValue: false,
  isArray: (name) => name === 'CdtTrfTxInf',
});

const parse = (xml: string): any => {
  expect(XMLValidator.validate(xml)).toBe(true);
  return parser.parse(xml).Document;
};

const message = (overrides: Partial<CreditTransferMessage> = {}): CreditTransferMessage => ({
  version: '09',
  messageId: '01JQ7Z0000000000000000000A',
  createdAt: '2026-03-02T09:15:30.123Z',
  initiatingParty: { name: 'Bakkerij Jansen BV', id: { value: '12345678', issuer: 'KVK' } },
  paymentInformationId: '01JQ7Z0000000000000000000A-1',
  batchBooking: true,
  requestedExecutionDate: '2026-03-05',
  debtor: {
    name: 'Bakkerij Jansen BV',
    iban: 'NL91ABNA0417164300',
    bic: 'ABNANL2A',
    address: { street: 'Dorpsstraat 1', postalCode: '1234 AB', town: 'Utrecht', country: 'NL' },
  },
  transfers: [
    {
      endToEndId: '01JQ7Z0000000000000000000A-01',
      amount: 121_000,
      creditor: {
        name: 'Crème & Brûlée Groothandel',
        iban: 'BE68 5390 0754 7034',
        bic: 'TRIOBEBB',
        address: { street: 'Kerkstraat 2', postalCode: '2000', town: 'Antwerpen', country: 'BE' },
      },
      remittance: { kind: 'structured', reference: '090933755493', issuer: 'BBA' },
    },
    {
      endToEndId: '01JQ7Z0000000000000000000A-02',
      amount: 5_005,
      creditor: { name: 'Drukkerij <Noord>', iban: 'NL20INGB0001234567' },
      remittance: { kind: 'unstructured', text: 'Facturen 2026-17, 2026-18 - creditnota C-3' },
    },
  ],
  ...overrides,
});

describe('buildPain001 (pain.001.001.09)', () => {
  it('writes a group header, one payment information block and every transfer, with matching control sums', () => {
    const doc = parse(buildPain001(message()));

    expect(doc['@xmlns']).toBe('urn:iso:std:iso:20022:tech:xsd:pain.001.001.09');
    const root = doc.CstmrCdtTrfInitn;
    expect(root.GrpHdr).toEqual({
      MsgId: '01JQ7Z0000000000000000000A',
      CreDtTm: '2026-03-02T09:15:30Z',
      NbOfTxs: '2',
      CtrlSum: '1260.05',
      InitgPty: { Nm: 'Bakkerij Jansen BV', Id: { OrgId: { Othr: { Id: '12345678', Issr: 'KVK' } } } },
    });
    const pmt = root.PmtInf;
    expect(pmt).toMatchObject({
      PmtInfId: '01JQ7Z0000000000000000000A-1',
      PmtMtd: 'TRF',
      BtchBookg: 'true',
      NbOfTxs: '2',
      CtrlSum: '1260.05',
      PmtTpInf: { SvcLvl: { Cd: 'SEPA' } },
      ReqdExctnDt: { Dt: '2026-03-05' },
      Dbtr: {
        Nm: 'Bakkerij Jansen BV',
        PstlAdr: { StrtNm: 'Dorpsstraat 1', PstCd: '1234 AB', TwnNm: 'Utrecht', Ctry: 'NL' },
      },
      DbtrAcct: { Id: { IBAN: 'NL91ABNA0417164300' } },
      DbtrAgt: { FinInstnId: { BICFI: 'ABNANL2A' } },
      ChrgBr: 'SLEV',
    });
    const [first, second] = pmt.CdtTrfTxInf;
    expect(first).toEqual({
      PmtId: { EndToEndId: '01JQ7Z0000000000000000000A-01' },
      Amt: { InstdAmt: { '#text': '1210.00', '@Ccy': 'EUR' } },
      CdtrAgt: { FinInstnId: { BICFI: 'TRIOBEBB' } },
      Cdtr: {
        Nm: 'Creme + Brulee Groothandel',
        PstlAdr: { StrtNm: 'Kerkstraat 2', PstCd: '2000', TwnNm: 'Antwerpen', Ctry: 'BE' },
      },
      CdtrAcct: { Id: { IBAN: 'BE68539007547034' } },
      RmtInf: { Strd: { CdtrRefInf: { Tp: { CdOrPrtry: { Cd: 'SCOR' }, Issr: 'BBA' }, Ref: '090933755493' } } },
    });
    expect(second).toEqual({
      PmtId: { EndToEndId: '01JQ7Z0000000000000000000A-02' },
      Amt: { InstdAmt: { '#text': '50.05', '@Ccy': 'EUR' } },
      Cdtr: { Nm: 'Drukkerij Noord' },
      CdtrAcct: { Id: { IBAN: 'NL20INGB0001234567' } },
      RmtInf: { Ustrd: 'Facturen 2026-17, 2026-18 - creditnota C-3' },
    });
    // The control sum is the sum of the instructed amounts.
    const sum = pmt.CdtTrfTxInf.reduce(
      (s: number, t: { Amt: { InstdAmt: { '#text': string } } }) =>
        s + Math.round(Number(t.Amt.InstdAmt['#text']) * 100),
      0,
    );
    expect(sum).toBe(126_005);
  });

  it('names the debtor agent NOTPROVIDED when the BIC is not known, and leaves the creditor agent out', () => {
    const m = message();
    const xml = buildPain001({ ...m, debtor: { ...m.debtor, bic: undefined } });
    const pmt = parse(xml).CstmrCdtTrfInitn.PmtInf;
    expect(pmt.DbtrAgt).toEqual({ FinInstnId: { Othr: { Id: 'NOTPROVIDED' } } });
    expect(pmt.CdtTrfTxInf[1].CdtrAgt).toBeUndefined();
  });

  it('escapes what it cannot transliterate away and writes only the SEPA character set in names', () => {
    const xml = buildPain001(
      message({ initiatingParty: { name: 'Ærø & Søn "Œuvre" <Test> Straße_1' }, messageId: "A'1" }),
    );
    expect(xml).toContain('<MsgId>A&apos;1</MsgId>');
    const doc = parse(xml);
    expect(doc.CstmrCdtTrfInitn.GrpHdr.InitgPty.Nm).toBe("AEro + Son 'OEuvre' Test Strasse-1");
    expect(doc.CstmrCdtTrfInitn.GrpHdr.InitgPty.Id).toBeUndefined();
  });
});

describe('buildPain001 (pain.001.001.03)', () => {
  it('differs from .09 exactly where the schemas differ: namespace, ReqdExctnDt without Dt, BIC instead of BICFI', () => {
    const v03 = parse(buildPain001(message({ version: '03' })));
    const v09 = parse(buildPain001(message()));

    expect(v03['@xmlns']).toBe('urn:iso:std:iso:20022:tech:xsd:pain.001.001.03');
    expect(v03.CstmrCdtTrfInitn.PmtInf.ReqdExctnDt).toBe('2026-03-05');
    expect(v09.CstmrCdtTrfInitn.PmtInf.ReqdExctnDt).toEqual({ Dt: '2026-03-05' });
    expect(v03.CstmrCdtTrfInitn.PmtInf.DbtrAgt).toEqual({ FinInstnId: { BIC: 'ABNANL2A' } });
    expect(v03.CstmrCdtTrfInitn.PmtInf.CdtTrfTxInf[0].CdtrAgt).toEqual({ FinInstnId: { BIC: 'TRIOBEBB' } });

    // Everything else is the same message.
    const strip = (doc: { CstmrCdtTrfInitn: { PmtInf: Record<string, unknown> } }) => {
      const { ReqdExctnDt: _d, DbtrAgt: _a, CdtTrfTxInf, ...pmt } = doc.CstmrCdtTrfInitn.PmtInf;
      return {
        ...doc.CstmrCdtTrfInitn,
        PmtInf: { ...pmt, CdtTrfTxInf: (CdtTrfTxInf as { CdtrAgt?: unknown }[]).map(({ CdtrAgt: _c, ...t }) => t) },
      };
    };
    expect(strip(v03)).toEqual(strip(v09));
  });
});

describe('creditTransferIssues', () => {
  it('refuses an invalid IBAN, a zero amount, a bad BIC, an over-long id and a duplicate end-to-end id, all at once', () => {
    const m = message();
    const bad = message({
      messageId: 'X'.repeat(36),
      debtor: { ...m.debtor, iban: 'NL91ABNA0417164301', bic: 'ABN' },
      transfers: [
        { ...(m.transfers[0] as CreditTransferMessage['transfers'][number]), amount: 0 },
        {
          ...(m.transfers[1] as CreditTransferMessage['transfers'][number]),
          endToEndId: m.transfers[0]?.endToEndId as string,
        },
      ],
    });
    let error: unknown;
    try {
      buildPain001(bad);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues.map((i) => i.path).sort()).toEqual([
      'debtor.bic',
      'debtor.iban',
      'messageId',
      'transfers.0.amount',
      'transfers.1.endToEndId',
    ]);
  });
});

describe('SEPA text', () => {
  it('transliterates accents and ligatures and keeps only the Latin subset', () => {
    expect(toSepaText('Zoë’s Café — Brüssel & Łódź; 50% [korting]')).toBe("Zoe's Cafe - Brussel + Lodz, 50 (korting)");
    expect(isSepaText(toSepaText('Ĉu ĝi funkcias? ¿Sí!'))).toBe(true);
  });
});

describe('remittance', () => {
  it('pays one invoice by its structured reference: RF, Belgian OGM, Dutch betalingskenmerk on a Dutch account', () => {
    expect(structuredReference('RF18 5390 0754 7034', 'BE68539007547034')).toEqual({
      kind: 'structured',
      reference: 'RF18539007547034',
      issuer: 'ISO',
    });
    expect(structuredReference('+++090/9337/55493+++', 'NL20INGB0001234567')).toEqual({
      kind: 'structured',
      reference: '090933755493',
      issuer: 'BBA',
    });
    expect(structuredReference('5000056789012345', 'NL20INGB0001234567')).toMatchObject({ issuer: 'CUR' });
    expect(structuredReference('5000056789012345', 'BE68539007547034')).toBeUndefined();
    expect(structuredReference('+++090/9337/55494+++', 'BE68539007547034')).toBeUndefined();
  });

  it('lists invoice numbers, parts and netted credit notes when a transfer combines items', () => {
    expect(
      remittanceFor(
        [
          { kind: 'invoice', invoiceNumber: 'F-1', paymentReference: '+++090/9337/55493+++', partial: false },
          { kind: 'invoice', invoiceNumber: 'F-2', partial: true },
          { kind: 'credit-note', invoiceNumber: 'C-9', partial: false },
        ],
        'BE68539007547034',
      ),
    ).toEqual({ kind: 'unstructured', text: 'Facturen F-1, F-2 (deel) - creditnota C-9' });
    const many = Array.from({ length: 30 }, (_, i) => ({
      kind: 'invoice' as const,
      invoiceNumber: `2026-${i}`,
      partial: false,
    }));
    const long = remittanceFor(many, 'NL20INGB0001234567');
    expect(long.kind === 'unstructured' && long.text.length).toBe(140);
  });
});

describe('element order', () => {
  /** The XSD sequences (pain.001.001.03 and .09 agree on these), as far as the builder uses them. */
  const sequences: Record<string, string[]> = {
    CstmrCdtTrfInitn: ['GrpHdr', 'PmtInf'],
    GrpHdr: ['MsgId', 'CreDtTm', 'Authstn', 'NbOfTxs', 'CtrlSum', 'InitgPty', 'FwdgAgt'],
    PmtInf: [
      'PmtInfId',
      'PmtMtd',
      'BtchBookg',
      'NbOfTxs',
      'CtrlSum',
      'PmtTpInf',
      'ReqdExctnDt',
      'PoolgAdjstmntDt',
      'Dbtr',
      'DbtrAcct',
      'DbtrAgt',
      'DbtrAgtAcct',
      'InstrForDbtrAgt',
      'UltmtDbtr',
      'ChrgBr',
      'ChrgsAcct',
      'ChrgsAcctAgt',
      'CdtTrfTxInf',
    ],
    CdtTrfTxInf: [
      'PmtId',
      'PmtTpInf',
      'Amt',
      'XchgRateInf',
      'ChrgBr',
      'ChqInstr',
      'UltmtDbtr',
      'IntrmyAgt1',
      'CdtrAgt',
      'CdtrAgtAcct',
      'Cdtr',
      'CdtrAcct',
      'UltmtCdtr',
      'InstrForCdtrAgt',
      'Purp',
      'RmtInf',
    ],
    PstlAdr: ['AdrTp', 'Dept', 'SubDept', 'StrtNm', 'BldgNb', 'PstCd', 'TwnNm', 'CtrySubDvsn', 'Ctry', 'AdrLine'],
    CdtrRefInf: ['Tp', 'Ref'],
    Tp: ['CdOrPrtry', 'Issr'],
  };
  type Ordered = Record<string, Ordered[]>;
  const ordered = new XMLParser({ preserveOrder: true, ignoreAttributes: true, parseTagValue: false });

  function check(nodes: Ordered[], problems: string[], seen = new Set<string>()): Set<string> {
    for (const node of nodes) {
      const name = Object.keys(node).find((k) => k !== ':@' && k !== '#text');
      if (!name) continue;
      seen.add(name);
      const children = (node[name] ?? []).filter((c) => !('#text' in c));
      const names = children.map((c) => Object.keys(c)[0] as string);
      const sequence = sequences[name];
      if (sequence) {
        const positions = names.map((n) => sequence.indexOf(n));
        if (positions.some((p) => p < 0) || positions.some((p, i) => i > 0 && p < (positions[i - 1] ?? 0))) {
          problems.push(`${name}: ${names.join(', ')}`);
        }
      }
      check(children, problems, seen);
    }
    return seen;
  }

  it.each(['09', '03'] as const)('follows the schema sequences in pain.001.001.%s', (version) => {
    const problems: string[] = [];
    const seen = check(ordered.parse(buildPain001(message({ version }))) as Ordered[], problems);
    expect(problems).toEqual([]);
    for (const name of Object.keys(sequences)) expect(seen, name).toContain(name);
  });

  it('notices an element out of order', () => {
    const problems: string[] = [];
    check(ordered.parse('<PmtInf><PmtMtd>TRF</PmtMtd><PmtInfId>X</PmtInfId></PmtInf>') as Ordered[], problems);
    expect(problems).toEqual(['PmtInf: PmtMtd, PmtInfId']);
  });
});
