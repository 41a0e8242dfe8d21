import type { ChartTemplate } from '../model.js';

/**
 * Dutch MKB chart of accounts: four-digit codes in the usual decimal layout (0 fixed assets,
 * equity and long-term debt; 1 cash, receivables, payables and taxes; 2 suspense; 3 stock;
 * 4 costs; 7 cost of sales; 8 revenue; 9 financial income and charges), each account carrying its
 * Referentie Grootboekschema (RGS 3.x) reference code so audit files and annual-accounts mappings
 * need no manual classification. Revenue accounts follow the RGS split by VAT-return box (1a, 1b,
 * 1e, 2a, 3a, 3b). Contra accounts (accumulated depreciation, provisions for bad debts, private
 * use) keep the category of what they correct.
 */
export const chartNl: ChartTemplate = {
  country: 'NL',
  name: 'MKB rekeningschema (RGS 3.x)',
  accounts: [
    // 0 — vaste activa, eigen vermogen, voorzieningen en langlopende schulden
    { code: '0300', name: 'Machines en installaties', category: 'asset', rgsCode: 'BMvaMeiVvp' },
    { code: '0309', name: 'Afschrijving machines en installaties', category: 'asset', rgsCode: 'BMvaMeiCae' },
    { code: '0400', name: 'Inventaris', category: 'asset', rgsCode: 'BMvaBeiVvp' },
    { code: '0409', name: 'Afschrijving inventaris', category: 'asset', rgsCode: 'BMvaBeiCae' },
    { code: '0500', name: "Auto's en transportmiddelen", category: 'asset', rgsCode: 'BMvaTevVvp' },
    { code: '0509', name: "Afschrijving auto's en transportmiddelen", category: 'asset', rgsCode: 'BMvaTevCae' },
    { code: '0600', name: 'Computers en andere vaste bedrijfsmiddelen', category: 'asset', rgsCode: 'BMvaObeVvp' },
    { code: '0609', name: 'Afschrijving andere vaste bedrijfsmiddelen', category: 'asset', rgsCode: 'BMvaObeCae' },
    { code: '0700', name: 'Aandelenkapitaal', category: 'equity', rgsCode: 'BEivGokGea' },
    { code: '0710', name: 'Ondernemingsvermogen', category: 'equity', rgsCode: 'BEivKapOnd' },
    { code: '0720', name: 'Privé-stortingen', category: 'equity', rgsCode: 'BEivKapPrs' },
    { code: '0730', name: 'Privé-opnamen', category: 'equity', rgsCode: 'BEivKapPro' },
    {
      code: '0790',
      name: 'Onverdeelde winst',
      category: 'equity',
      rgsCode: 'BEivOreOvw',
      role: 'retained-earnings',
    },
    { code: '0900', name: 'Lening kredietinstelling', category: 'liability', rgsCode: 'BLasSakLvl' },

    // 1 — liquide middelen, vorderingen, kortlopende schulden en belastingen
    { code: '1000', name: 'Kas', category: 'asset', rgsCode: 'BLimKasKas' },
    { code: '1010', name: 'Kruisposten', category: 'asset', rgsCode: 'BLimKruSto' },
    { code: '1100', name: 'Bank', category: 'asset', rgsCode: 'BLimBanRba', role: 'bank' },
    { code: '1110', name: 'Spaarrekening', category: 'asset', rgsCode: 'BLimBanSpa' },
    { code: '1200', name: 'Rekening-courant krediet bank', category: 'liability', rgsCode: 'BSchSakRba' },
    { code: '1300', name: 'Debiteuren', category: 'asset', rgsCode: 'BVorDebHad', role: 'receivables' },
    { code: '1309', name: 'Voorziening dubieuze debiteuren', category: 'asset', rgsCode: 'BVorDebVdd' },
    { code: '1350', name: 'Overige vorderingen', category: 'asset', rgsCode: 'BVorOvrOvk' },
    { code: '1400', name: 'Vooruitbetaalde kosten', category: 'asset', rgsCode: 'BVorOvaVof' },
    { code: '1410', name: 'Nog te factureren omzet', category: 'asset', rgsCode: 'BVorOvaNtf' },
    { code: '1500', name: 'Af te dragen btw', category: 'liability', rgsCode: 'BSchBepBtw', role: 'vat-payable' },
    {
      code: '1510',
      name: 'Verlegde btw en btw op import en EU-verwervingen',
      category: 'liability',
      rgsCode: 'BSchBepBtwOlw',
      role: 'vat-reverse-charge-payable',
    },
    { code: '1520', name: 'Voorbelasting', category: 'asset', rgsCode: 'BSchBepBtwVoo', role: 'vat-receivable' },
    {
      code: '1530',
      name: 'Btw-afdracht (aangifte)',
      category: 'liability',
      rgsCode: 'BSchBepBtwAfo',
      role: 'vat-settlement',
    },
    { code: '1550', name: 'Te betalen loonheffing', category: 'liability', rgsCode: 'BSchBepLhe' },
    { code: '1600', name: 'Crediteuren', category: 'liability', rgsCode: 'BSchCreHac', role: 'payables' },
    { code: '1610', name: 'Nog te ontvangen facturen', category: 'liability', rgsCode: 'BSchOpaNto' },
    { code: '1700', name: 'Netto lonen', category: 'liability', rgsCode: 'BSchSalNet' },
    { code: '1800', name: 'Nog te betalen kosten', category: 'liability', rgsCode: 'BSchOpaNtb' },
    { code: '1810', name: 'Vooruitgefactureerde omzet', category: 'liability', rgsCode: 'BSchOpaVgo' },
    { code: '1820', name: 'Overige schulden', category: 'liability', rgsCode: 'BSchOvsOvs' },

    // 2 — tussenrekeningen
    { code: '2000', name: 'Vraagposten', category: 'liability', rgsCode: 'BSchTusTbt', role: 'suspense' },
    { code: '2010', name: 'Betalingen onderweg', category: 'liability', rgsCode: 'BSchCreTus' },

    // 3 — voorraden
    { code: '3000', name: 'Voorraad handelsgoederen', category: 'asset', rgsCode: 'BVrdHanVoo' },

    // 4 — kosten
    { code: '4000', name: 'Lonen en salarissen', category: 'expense', rgsCode: 'WPerLesLon' },
    { code: '4020', name: 'Premies sociale verzekeringen', category: 'expense', rgsCode: 'WPerSolPsv' },
    { code: '4030', name: 'Pensioenpremies', category: 'expense', rgsCode: 'WPerPenPen' },
    { code: '4050', name: "Inhuur zzp'ers", category: 'expense', rgsCode: 'WBedOvpZzp' },
    { code: '4090', name: 'Overige personeelskosten', category: 'expense', rgsCode: 'WBedOvpOvp' },
    { code: '4100', name: 'Huur', category: 'expense', rgsCode: 'WBedHuiBeh' },
    { code: '4110', name: 'Gas, water en elektra', category: 'expense', rgsCode: 'WBedHuiGwe' },
    { code: '4190', name: 'Overige huisvestingskosten', category: 'expense', rgsCode: 'WBedHuiOhv' },
    { code: '4200', name: 'Onderhoud inventaris', category: 'expense', rgsCode: 'WBedEemRoi' },
    { code: '4300', name: 'Reclame- en advertentiekosten', category: 'expense', rgsCode: 'WBedVkkRea' },
    { code: '4310', name: 'Representatiekosten', category: 'expense', rgsCode: 'WBedVkkRep' },
    { code: '4320', name: 'Reis- en verblijfkosten', category: 'expense', rgsCode: 'WBedVkkRev' },
    { code: '4330', name: 'Afboeking oninbare debiteuren', category: 'expense', rgsCode: 'WBedVkkAdd' },
    { code: '4400', name: "Brandstof auto's", category: 'expense', rgsCode: 'WBedAutBra' },
    { code: '4410', name: "Onderhoud auto's", category: 'expense', rgsCode: 'WBedAutRoa' },
    { code: '4440', name: "Leasekosten auto's", category: 'expense', rgsCode: 'WBedAutOpa' },
    { code: '4450', name: "Privégebruik auto's", category: 'expense', rgsCode: 'WBedAutPga' },
    { code: '4500', name: 'Kantoorbenodigdheden', category: 'expense', rgsCode: 'WBedKanKan' },
    { code: '4510', name: 'Telefoon en internet', category: 'expense', rgsCode: 'WBedKanTef' },
    { code: '4520', name: 'Contributies en abonnementen', category: 'expense', rgsCode: 'WBedKanCea' },
    { code: '4530', name: 'Automatiseringskosten', category: 'expense', rgsCode: 'WBedKanKoa' },
    { code: '4590', name: 'Overige kantoorkosten', category: 'expense', rgsCode: 'WBedKanOka' },
    { code: '4600', name: 'Bedrijfsaansprakelijkheidsverzekering', category: 'expense', rgsCode: 'WBedAssBea' },
    { code: '4700', name: 'Advieskosten', category: 'expense', rgsCode: 'WBedAeaAdv' },
    { code: '4820', name: 'Afschrijving machines en installaties', category: 'expense', rgsCode: 'WAfsAmvMei' },
    { code: '4830', name: 'Afschrijving inventaris', category: 'expense', rgsCode: 'WAfsAmvBei' },
    { code: '4840', name: "Afschrijving auto's en transportmiddelen", category: 'expense', rgsCode: 'WAfsAmvTev' },
    { code: '4850', name: 'Afschrijving andere vaste bedrijfsmiddelen', category: 'expense', rgsCode: 'WAfsAmvObe' },
    { code: '4900', name: 'Bankkosten', category: 'expense', rgsCode: 'WBedAdlBan' },
    {
      code: '4910',
      name: 'Betalingsverschillen',
      category: 'expense',
      rgsCode: 'WBedAdlBet',
      role: 'payment-differences',
    },
    { code: '4920', name: 'Afrondingsverschillen', category: 'expense', rgsCode: 'WBedAdlBov', role: 'rounding' },
    { code: '4940', name: 'Niet-aftrekbare btw', category: 'expense', rgsCode: 'WBedAdlNbo' },
    { code: '4990', name: 'Algemene kosten', category: 'expense', rgsCode: 'WBedAlkOal' },

    // 7 — kostprijs van de omzet
    { code: '7000', name: 'Inkoopwaarde handelsgoederen', category: 'expense', rgsCode: 'WKprInhInh' },
    { code: '7100', name: 'Grond- en hulpstoffen', category: 'expense', rgsCode: 'WKprKvgKvg' },
    { code: '7200', name: 'Uitbesteed werk', category: 'expense', rgsCode: 'WKprKuwKuw' },

    // 8 — omzet, per rubriek van de btw-aangifte
    { code: '8000', name: 'Omzet handelsgoederen hoog tarief', category: 'revenue', rgsCode: 'WOmzNohOlh' },
    { code: '8010', name: 'Omzet handelsgoederen laag tarief', category: 'revenue', rgsCode: 'WOmzNohOlv' },
    { code: '8020', name: 'Omzet leveringen binnen de EU', category: 'revenue', rgsCode: 'WOmzNohOli' },
    { code: '8030', name: 'Omzet uitvoer buiten de EU', category: 'revenue', rgsCode: 'WOmzNopOln' },
    { code: '8100', name: 'Omzet diensten hoog tarief', category: 'revenue', rgsCode: 'WOmzNodOdh' },
    { code: '8110', name: 'Omzet diensten laag tarief', category: 'revenue', rgsCode: 'WOmzNodOdl' },
    { code: '8120', name: 'Omzet 0 % of niet bij u belast', category: 'revenue', rgsCode: 'WOmzNodOdg' },
    { code: '8130', name: 'Omzet binnenland btw verlegd', category: 'revenue', rgsCode: 'WOmzNodOdv' },
    { code: '8140', name: 'Omzet diensten binnen de EU', category: 'revenue', rgsCode: 'WOmzNodOdi' },
    { code: '8200', name: 'Vrijgestelde omzet', category: 'revenue', rgsCode: 'WOmzNodNod' },
    { code: '8300', name: 'Verleende kortingen', category: 'revenue', rgsCode: 'WOmzKebVek' },
    { code: '8900', name: 'Overige opbrengsten', category: 'revenue', rgsCode: 'WOvbOvoOvo' },

    // 9 — financiële baten en lasten
    { code: '9000', name: 'Rentebaten bank', category: 'revenue', rgsCode: 'WFbeRlmObr' },
    { code: '9100', name: 'Rentelasten leningen', category: 'expense', rgsCode: 'WFbeRlsRlk' },
    { code: '9110', name: 'Rente en kosten rekening-courant', category: 'expense', rgsCode: 'WFbeOrlRkb' },
  ],
};
