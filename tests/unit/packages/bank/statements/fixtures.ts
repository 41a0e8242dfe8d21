/**
 * Small, realistic statement files written for these tests (no bank's real data): camt.053 in
 * versions .001.02 and .001.08, MT940 as ING, Rabobank and ABN AMRO send it, and a CODA 2.x
 * file built record by record at the Febelfin positions.
 */

export const camt053v02 = `<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
  <BkToCstmrStmt>
    <GrpHdr><MsgId>STMT20231124-0001</MsgId><CreDtTm>2023-11-25T06:00:00+01:00</CreDtTm></GrpHdr>
    <Stmt>
      <Id>20231124-NL91ABNA0417164300</Id>
      <ElctrncSeqNb>231</ElctrncSeqNb>
      <CreDtTm>2023-11-25T06:00:00+01:00</CreDtTm>
      <Acct><Id><IBAN>NL91ABNA0417164300</IBAN></Id><Ccy>EUR</Ccy></Acct>
      <Bal>
        <Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp>
        <Amt Ccy="EUR">1000.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2023-11-23</Dt></Dt>
      </Bal>
      <Bal>
        <Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp>
        <Amt Ccy="EUR">1085.50</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2023-11-24</Dt></Dt>
      </Bal>
      <Ntry>
        <Amt Ccy="EUR">121.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts>
        <BookgDt><Dt>2023-11-24</Dt></BookgDt><ValDt><Dt>2023-11-24</Dt></ValDt>
        <AcctSvcrRef>0000000001234567</AcctSvcrRef>
        <BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>RCDT</Cd><SubFmlyCd>ESCT</SubFmlyCd></Fmly></Domn></BkTxCd>
        <NtryDtls><TxDtls>
          <Refs><EndToEndId>E2E-20231124-01</EndToEndId></Refs>
          <RltdPties>
            <Dbtr><Nm>Bakkerij Jansen &amp; Zn</Nm></Dbtr>
            <DbtrAcct><Id><IBAN>NL39RABO0300065264</IBAN></Id></DbtrAcct>
          </RltdPties>
          <RltdAgts><DbtrAgt><FinInstnId><BIC>RABONL2U</BIC></FinInstnId></DbtrAgt></RltdAgts>
          <RmtInf><Strd><CdtrRefInf><Tp><CdOrPrtry><Cd>SCOR</Cd></CdOrPrtry><Issr>CUR</Issr></Tp><Ref>5000056789012345</Ref></CdtrRefInf></Strd></RmtInf>
        </TxDtls></NtryDtls>
      </Ntry>
      <Ntry>
        <Amt Ccy="EUR">35.50</Amt><CdtDbtInd>DBIT</CdtDbtInd><Sts>BOOK</Sts>
        <BookgDt><Dt>2023-11-24</Dt></BookgDt><ValDt><Dt>2023-11-24</Dt></ValDt>
        <BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>ICDT</Cd><SubFmlyCd>ESCT</SubFmlyCd></Fmly></Domn></BkTxCd>
        <NtryDtls><TxDtls>
          <Refs><EndToEndId>NOTPROVIDED</EndToEndId></Refs>
          <RltdPties>
            <Cdtr><Nm>Kantoorboekhandel De Pen</Nm></Cdtr>
            <CdtrAcct><Id><IBAN>NL44RABO0123456789</IBAN></Id></CdtrAcct>
          </RltdPties>
          <RmtInf><Ustrd>Factuur 2023-118</Ustrd><Ustrd>papier en toner</Ustrd></RmtInf>
        </TxDtls></NtryDtls>
      </Ntry>
      <Ntry>
        <Amt Ccy="EUR">999.99</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>PDNG</Sts>
        <BookgDt><Dt>2023-11-25</Dt></BookgDt>
      </Ntry>
    </Stmt>
  </BkToCstmrStmt>
</Document>
`;

export const camt053v08 = `<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08">
  <BkToCstmrStmt>
    <GrpHdr><MsgId>KREDBEBB-20231124</MsgId><CreDtTm>2023-11-24T22:00:00+01:00</CreDtTm></GrpHdr>
    <Stmt>
      <Id>2023-045</Id>
      <LglSeqNb>45</LglSeqNb>
      <Acct><Id><IBAN>BE68539007547034</IBAN></Id><Ccy>EUR</Ccy></Acct>
      <Bal>
        <Tp><CdOrPrtry><Cd>PRCD</Cd></CdOrPrtry></Tp>
        <Amt Ccy="EUR">250.00</Amt><CdtDbtInd>DBIT</CdtDbtInd><Dt><Dt>2023-11-23</Dt></Dt>
      </Bal>
      <Bal>
        <Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp>
        <Amt Ccy="EUR">1210.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2023-11-24</Dt></Dt>
      </Bal>
      <Ntry>
        <Amt Ccy="EUR">1460.00</Amt><CdtDbtInd>CRDT</CdtDbtInd>
        <Sts><Cd>BOOK</Cd></Sts>
        <BookgDt><DtTm>2023-11-24T09:15:00+01:00</DtTm></BookgDt>
        <ValDt><Dt>2023-11-24</Dt></ValDt>
        <AcctSvcrRef>KRED-231124-0001</AcctSvcrRef>
        <BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>RCDT</Cd><SubFmlyCd>ESCT</SubFmlyCd></Fmly></Domn></BkTxCd>
        <NtryDtls><TxDtls>
          <Refs><EndToEndId>INV-2023-0815</EndToEndId></Refs>
          <Amt Ccy="EUR">1460.00</Amt><CdtDbtInd>CRDT</CdtDbtInd>
          <RltdPties>
            <Dbtr><Pty><Nm>Brasserie Élise SRL</Nm></Pty></Dbtr>
            <DbtrAcct><Id><IBAN>BE71 0961 2345 6769</IBAN></Id></DbtrAcct>
          </RltdPties>
          <RltdAgts><DbtrAgt><FinInstnId><BICFI>GKCCBEBB</BICFI></FinInstnId></DbtrAgt></RltdAgts>
          <RmtInf><Strd><CdtrRefInf><Tp><CdOrPrtry><Cd>SCOR</Cd></CdOrPrtry></Tp><Ref>RF18539007547034</Ref></CdtrRefInf></Strd></RmtInf>
        </TxDtls></NtryDtls>
      </Ntry>
    </Stmt>
  </BkToCstmrStmt>
</Document>
`;

export const ingMt940 = `{1:F01INGBNL2AXXXX0000000000}{2:O940INGBNL2AXXXXN}{3:}{4:
:20:P231124000000001
:25:NL20INGB0001234567EUR
:28C:00000
:60F:C231123EUR1234,56
:61:2311241124C250,00NTRFEREF//00000000001005
/TRCD/00100/
:86:/EREF/E2E-20231124-01//CNTP/NL91ABNA0417164300/ABNANL2A/J. de Vr
ies/AMSTERDAM//REMI/USTD//Factuur 2023-101 bedankt/
:61:2311241124D45,99NDDTEREF//00000000001006
/TRCD/01016/
:86:/EREF/INV-778//MARF/MNDT-55//CSID/NL98ZZZ999999999999//CNTP/NL39
RABO0300065264/RABONL2U/Energie Noord BV///REMI/STRD/CUR/50000567890
12345/
:62F:C231124EUR1438,57
-}
`;

export const rabobankMt940 = `:940:
:20:940S231124
:25:NL39RABO0300065264EUR
:28C:0
:60F:C231123EUR000000002500,00
:61:231124C000000000121,00N541EREF
NL91ABNA0417164300
:86:/EREF/20231124-4711/ORDP//NAME/Bakkerij Jansen/ADDR/Dorpsstraat 1 1234
 AB Ergens/REMI/Factuur 2023-0042/ISDT/2023-11-24
:61:231124D000000000012,10N093NONREF
:86:/BENM//NAME/Rabobank/REMI/Kosten betalingsverkeer/ISDT/2023-11-24
:62F:C231124EUR000000002608,90
`;

export const abnAmroMt940 = `ABNANL2A
940
ABNANL2A
:20:ABN AMRO BANK NV
:25:417164300
:28:31201/1
:60F:C231123EUR5000,00
:61:2311241124D1500,00N658NONREF
:86:/TRTP/SEPA OVERBOEKING/IBAN/NL44RABO0123456789/BIC/RABONL2U/NAME/
Verhuur BV/REMI/Huur december 2023/EREF/NOTPROVIDED
:61:2311241124C89,50N196NONREF
:86:SEPA OVERBOEKING                 IBAN: NL91ABNA0417164300
BIC: ABNANL2A                    NAAM: G. Peters
OMSCHRIJVING: Retour bestelling 8812 KENMERK: 20231124-abc
:62F:C231124EUR3589,50
-
`;

/** A 128-character CODA record with `fields` written at their 1-based positions. */
export function codaRecord(fields: readonly (readonly [number, string])[]): string {
  const chars = Array.from({ length: 128 }, () => ' ');
  for (const [position, value] of fields) {
    [...value].forEach((ch, i) => {
      chars[position - 1 + i] = ch;
    });
  }
  return chars.join('');
}

const account = 'BE68539007547034';

/**
 * A CODA 2 statement of one day: 1000.00 opening; 250.00 in with structured communication
 * +++090/9337/55493+++ from a Latin-1 named counterparty; 75.50 out with free text and an
 * information record; 100.00 out globalised over two detail records; 1074.50 closing.
 */
export function codaFile(options: { closing?: string; counterparty?: string } = {}): string {
  // biome-ignore format: one fixed-width record per line reads like the file itself
  const records = [
    codaRecord([[1, '00000'], [6, '261123'], [12, '725'], [15, '05'], [25, 'REF0000045'], [35, 'BAKKERIJ JANSSENS BV'], [61, 'KREDBEBB'], [72, '00412345678'], [128, '2']]),
    codaRecord([[1, '12045'], [6, account], [40, 'EUR0'], [44, '000000001000000'], [59, '251123'], [65, 'BAKKERIJ JANSSENS BV'], [91, 'Zichtrekening'], [126, '045']]),
    codaRecord([[1, '2100010000'], [11, 'EBA0000123456789'], [32, '0'], [33, '000000000250000'], [48, '261123'], [54, '00150000'], [62, '1101090933755493'], [116, '261123'], [122, '045'], [125, '0'], [126, '1'], [128, '0']]),
    codaRecord([[1, '2200010000'], [64, 'E2E-REF-1'], [99, 'GEBABEBB'], [126, '1'], [128, '0']]),
    codaRecord([[1, '2300010000'], [11, 'BE71096123456769'], [45, 'EUR'], [48, options.counterparty ?? 'Crémerie Müller SPRL'], [126, '0'], [128, '0']]),
    codaRecord([[1, '2100020000'], [11, 'EBA0000123456790'], [32, '1'], [33, '000000000075500'], [48, '261123'], [54, '00103000'], [62, '0'], [63, 'Factuur 2023-118 onderhoud koelcel'], [116, '261123'], [122, '045'], [125, '0'], [126, '0'], [128, '1']]),
    codaRecord([[1, '3100020001'], [11, 'EBA0000123456790'], [32, '00103000'], [40, '0'], [41, 'Technische dienst Gent'], [126, '0'], [128, '0']]),
    codaRecord([[1, '2100030000'], [11, 'EBA0000123456791'], [32, '1'], [33, '000000000100000'], [48, '261123'], [54, '00501000'], [62, '0'], [63, 'Domiciliëringen'], [116, '261123'], [122, '045'], [125, '1'], [126, '0'], [128, '0']]),
    codaRecord([[1, '2100030001'], [11, 'EBA0000123456791'], [32, '1'], [33, '000000000050000'], [48, '261123'], [54, '10501050'], [62, '0'], [63, 'Telecom'], [116, '261123'], [122, '045'], [125, '2'], [126, '0'], [128, '0']]),
    codaRecord([[1, '2100030002'], [11, 'EBA0000123456791'], [32, '1'], [33, '000000000050000'], [48, '261123'], [54, '10501050'], [62, '0'], [63, 'Energie'], [116, '261123'], [122, '045'], [125, '2'], [126, '0'], [128, '0']]),
    codaRecord([[1, '8045'], [5, account], [39, 'EUR'], [42, '0'], [43, options.closing ?? '000000001074500'], [58, '261123'], [128, '0']]),
    codaRecord([[1, '9'], [17, '000011'], [23, '000000000175500'], [38, '000000000250000'], [128, '2']]),
  ];
  return `${records.join('\r\n')}\r\n`;
}

/** Text as the bank writes it: ISO-8859-1 bytes. */
export function latin1(text: string): Uint8Array {
  return new Uint8Array(Buffer.from(text, 'latin1'));
}

export function utf8(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}
