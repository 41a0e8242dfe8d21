import type { ChartTemplate } from '../model.js';

/**
 * Belgian minimum chart of accounts (minimumindeling van het algemeen rekeningenstelsel, MAR /
 * PCMN), classes 1 to 7 with six-digit codes: the first digits are the class, group and account
 * of the MAR, the rest the company's own subdivision. Accounts ending in 9 under fixed assets
 * and receivables hold the booked depreciation and write-downs of the account above them.
 */
export const chartBe: ChartTemplate = {
  country: 'BE',
  name: 'Minimumindeling van het algemeen rekeningenstelsel (MAR)',
  accounts: [
    // Klasse 1 — eigen vermogen, voorzieningen en schulden op meer dan één jaar
    { code: '100000', name: 'Geplaatst kapitaal', category: 'equity' },
    { code: '101000', name: 'Niet-opgevraagd kapitaal', category: 'equity' },
    { code: '130000', name: 'Wettelijke reserve', category: 'equity' },
    { code: '133000', name: 'Beschikbare reserves', category: 'equity' },
    { code: '140000', name: 'Overgedragen winst', category: 'equity', role: 'retained-earnings' },
    { code: '141000', name: 'Overgedragen verlies', category: 'equity' },
    { code: '162000', name: 'Voorzieningen voor grote herstellings- en onderhoudswerken', category: 'liability' },
    { code: '173000', name: 'Kredietinstellingen: leningen op meer dan één jaar', category: 'liability' },
    { code: '174000', name: 'Overige leningen op meer dan één jaar', category: 'liability' },

    // Klasse 2 — oprichtingskosten, vaste activa en vorderingen op meer dan één jaar
    { code: '200000', name: 'Oprichtingskosten', category: 'asset' },
    { code: '211000', name: 'Concessies, octrooien, licenties en software', category: 'asset' },
    {
      code: '211900',
      name: 'Concessies, octrooien, licenties en software: geboekte afschrijvingen',
      category: 'asset',
    },
    { code: '212000', name: 'Goodwill', category: 'asset' },
    { code: '212900', name: 'Goodwill: geboekte afschrijvingen', category: 'asset' },
    { code: '220000', name: 'Terreinen', category: 'asset' },
    { code: '221000', name: 'Gebouwen', category: 'asset' },
    { code: '221900', name: 'Gebouwen: geboekte afschrijvingen', category: 'asset' },
    { code: '230000', name: 'Installaties, machines en uitrusting', category: 'asset' },
    { code: '230900', name: 'Installaties, machines en uitrusting: geboekte afschrijvingen', category: 'asset' },
    { code: '240000', name: 'Meubilair en kantooruitrusting', category: 'asset' },
    { code: '240900', name: 'Meubilair en kantooruitrusting: geboekte afschrijvingen', category: 'asset' },
    { code: '241000', name: 'Rollend materieel', category: 'asset' },
    { code: '241900', name: 'Rollend materieel: geboekte afschrijvingen', category: 'asset' },
    { code: '288000', name: 'Borgtochten betaald in contanten', category: 'asset' },

    // Klasse 3 — voorraden en bestellingen in uitvoering
    { code: '300000', name: 'Grondstoffen', category: 'asset' },
    { code: '340000', name: 'Handelsgoederen', category: 'asset' },

    // Klasse 4 — vorderingen en schulden op ten hoogste één jaar
    { code: '400000', name: 'Klanten', category: 'asset', role: 'receivables' },
    { code: '404000', name: 'Te innen opbrengsten', category: 'asset' },
    { code: '407000', name: 'Dubieuze debiteuren', category: 'asset' },
    { code: '409000', name: 'Klanten: geboekte waardeverminderingen', category: 'asset' },
    { code: '411000', name: 'Terug te vorderen btw', category: 'asset', role: 'vat-receivable' },
    { code: '412000', name: 'Terug te vorderen belastingen en voorheffingen', category: 'asset' },
    { code: '416000', name: 'Diverse vorderingen', category: 'asset' },
    { code: '440000', name: 'Leveranciers', category: 'liability', role: 'payables' },
    { code: '444000', name: 'Te ontvangen facturen', category: 'liability' },
    { code: '450000', name: 'Geraamd bedrag van de belastingschulden', category: 'liability' },
    { code: '451000', name: 'Te betalen btw', category: 'liability', role: 'vat-payable' },
    {
      code: '451200',
      name: 'Te betalen btw: verlegging, intracommunautaire verwervingen en invoer',
      category: 'liability',
      role: 'vat-reverse-charge-payable',
    },
    { code: '451800', name: 'Btw-rekening-courant (aangifte)', category: 'liability', role: 'vat-settlement' },
    { code: '453000', name: 'Ingehouden voorheffingen', category: 'liability' },
    { code: '454000', name: 'Rijksdienst voor Sociale Zekerheid', category: 'liability' },
    { code: '455000', name: 'Bezoldigingen', category: 'liability' },
    { code: '456000', name: 'Vakantiegeld', category: 'liability' },
    { code: '489000', name: 'Andere diverse schulden', category: 'liability' },
    { code: '490000', name: 'Over te dragen kosten', category: 'asset' },
    { code: '491000', name: 'Verworven opbrengsten', category: 'asset' },
    { code: '492000', name: 'Toe te rekenen kosten', category: 'liability' },
    { code: '493000', name: 'Over te dragen opbrengsten', category: 'liability' },
    { code: '499000', name: 'Wachtrekening', category: 'liability', role: 'suspense' },

    // Klasse 5 — geldbeleggingen en liquide middelen
    { code: '550000', name: 'Kredietinstellingen: rekening-courant', category: 'asset', role: 'bank' },
    { code: '570000', name: 'Kassen: contanten', category: 'asset' },
    { code: '580000', name: 'Interne overboekingen', category: 'asset' },

    // Klasse 6 — kosten
    { code: '600000', name: 'Aankopen van grondstoffen', category: 'expense' },
    { code: '604000', name: 'Aankopen van handelsgoederen', category: 'expense' },
    { code: '609000', name: 'Voorraadwijzigingen', category: 'expense' },
    { code: '610000', name: 'Huur en huurlasten', category: 'expense' },
    { code: '611000', name: 'Onderhoud en herstellingen', category: 'expense' },
    { code: '612000', name: 'Water, gas en elektriciteit', category: 'expense' },
    { code: '613000', name: 'Erelonen (boekhouder, advocaat, consultants)', category: 'expense' },
    { code: '613100', name: 'Kantoorbenodigdheden', category: 'expense' },
    { code: '613200', name: 'Telefoon en internet', category: 'expense' },
    { code: '613300', name: 'Software en abonnementen', category: 'expense' },
    { code: '614000', name: 'Publiciteit en reclame', category: 'expense' },
    { code: '615000', name: 'Verplaatsingskosten', category: 'expense' },
    { code: '616000', name: 'Verzekeringen', category: 'expense' },
    { code: '617000', name: 'Uitzendkrachten en ter beschikking gestelde personen', category: 'expense' },
    { code: '618000', name: 'Bezoldigingen van bestuurders en zaakvoerders', category: 'expense' },
    { code: '620200', name: 'Bezoldigingen bedienden', category: 'expense' },
    { code: '621000', name: 'Werkgeversbijdragen voor sociale verzekeringen', category: 'expense' },
    { code: '623000', name: 'Andere personeelskosten', category: 'expense' },
    { code: '630100', name: 'Afschrijvingen op immateriële vaste activa', category: 'expense' },
    { code: '630200', name: 'Afschrijvingen op materiële vaste activa', category: 'expense' },
    { code: '634000', name: 'Waardeverminderingen op handelsvorderingen', category: 'expense' },
    { code: '640000', name: 'Bedrijfsbelastingen', category: 'expense' },
    { code: '650000', name: 'Kosten van schulden (rente)', category: 'expense' },
    { code: '654000', name: 'Negatieve wisselresultaten', category: 'expense' },
    { code: '657000', name: 'Bankkosten', category: 'expense' },
    { code: '659000', name: 'Betalingsverschillen', category: 'expense', role: 'payment-differences' },
    { code: '659100', name: 'Afrondingsverschillen', category: 'expense', role: 'rounding' },
    { code: '670000', name: 'Belastingen op het resultaat', category: 'expense' },

    // Klasse 7 — opbrengsten
    { code: '700000', name: 'Omzet België', category: 'revenue' },
    { code: '700100', name: 'Omzet intracommunautair', category: 'revenue' },
    { code: '700200', name: 'Omzet uitvoer buiten de EU', category: 'revenue' },
    { code: '705000', name: 'Dienstprestaties', category: 'revenue' },
    { code: '708000', name: 'Toegekende kortingen, ristorno’s en rabatten', category: 'revenue' },
    { code: '740000', name: 'Bedrijfssubsidies en compenserende bedragen', category: 'revenue' },
    { code: '743000', name: 'Diverse bedrijfsopbrengsten', category: 'revenue' },
    { code: '751000', name: 'Opbrengsten uit vlottende activa (rente)', category: 'revenue' },
    { code: '754000', name: 'Positieve wisselresultaten', category: 'revenue' },
  ],
};
