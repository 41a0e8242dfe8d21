/**
 * The words Dutch, Belgian (Dutch and French), German and English invoices and receipts put before a
 * value. Patterns run on folded text (lower case, no accents: `échéance` → `echeance`).
 * `strength` is how surely the label names the field; generic words like "Datum" are weak.
 */
export interface Label {
  readonly pattern: RegExp;
  readonly strength: number;
  /** Only a label at the start of its segment: generic words occur inside other labels. */
  readonly leading?: boolean;
}

const label = (pattern: RegExp, strength: number, leading = false): Label => ({ pattern, strength, leading });

const no = String.raw`(?:(?:nummer|number|numero|nr|no|num)\b\.?|n°|n\.|#)`;

export const invoiceNumberLabels: readonly Label[] = [
  label(new RegExp(String.raw`\bfactuur\s?-?\s?${no}`), 0.95),
  label(/\bfactuurnr\b\.?|\bfactuurnummer\b|\bfactuurno\b\.?/, 0.95),
  label(/\bnummer\s+(?:van\s+de\s+)?factuur\b/, 0.95),
  label(new RegExp(String.raw`\bcredit\s?-?(?:nota|factuur|note|memo)\s?-?\s?${no}`), 0.95),
  label(/\bcreditnotanummer\b|\bcreditnotanr\b\.?|\bcreditnummer\b/, 0.95),
  label(new RegExp(String.raw`\binvoice\s?${no}`), 0.95),
  // German: "Rechnungsnummer", "Rechnung Nr.", "Rechnungs-Nr.", "Handelsrechnung (380) Nr.",
  // "Rechnung des Versicherers Nr.", "Beleg-Nr".
  label(/\brechnungs\s?-?\s?(?:nummer|nr|no)\b\.?|\brechnungsnr\b\.?/, 0.95),
  label(
    new RegExp(
      String.raw`\b\p{L}*(?:rechnung|gutschrift)\p{L}*(?:\s+(?:des|der)\s+\p{L}+)?(?:\s*\([^)]{1,40}\))*\s*${no}`,
      'u',
    ),
    0.95,
  ),
  label(/\bbeleg\s?-?\s?(?:nummer|nr|no)\b\.?|\bbelegnr\b\.?/, 0.85),
  label(/\binvoice\s+(?:id|ref(?:erence)?)\b\.?/, 0.9),
  label(/\binv\.?\s?(?:no|nr|#)\b\.?/, 0.9),
  label(/\bn[°o]\.?\s?(?:de\s+(?:la\s+)?)?facture\b/, 0.95),
  label(/\bnumero\s+(?:de\s+(?:la\s+)?)?facture\b/, 0.95),
  label(new RegExp(String.raw`\bfacture\s?${no}`), 0.95),
  label(/\bn[°o]\.?\s?(?:de\s+(?:la\s+)?)?note\s+de\s+credit\b|\bnote\s+de\s+credit\s+(?:n[°o]|numero)\b\.?/, 0.95),
  label(/\bnumero\s+d'avoir\b|\bavoir\s+(?:n[°o]|numero)\b\.?/, 0.95),
  label(new RegExp(String.raw`\b(?:kassa)?bon\s?-?\s?${no}|\bbonnummer\b|\bbonnr\b\.?`), 0.9),
  label(new RegExp(String.raw`\b(?:ticket|receipt|recu|transactie|transaction)\s?${no}`), 0.85),
  label(/\bdocument\s?(?:nummer|number|nr|no)\b\.?/, 0.75),
  label(/\bnummer\b|\bnumero\b|\bnumber\b/, 0.6, true),
  label(/\bnr\b\.?|\bno\b\.?|\bn°|\bref\b\.?/, 0.5, true),
];

/** Words before a generic number label that make it some other number. */
export const otherNumberWords =
  /\b(kunden|kunde|bestell|auftrag|lieferschein|vertrags|steuer|ust|kd|klant|debiteur|order|bestel|btw|kvk|tva|vat|tel|telefoon|phone|fax|rekening|iban|artikel|art|client|customer|commande|ondernemings|entreprise|huis|postbus|account|project|contract|dossier|polis|lid|member|ref|referentie|reference|kenmerk|bon de commande|purchase|po|leverings|delivery|livraison|pagina|page|id|registratie|registration|rpr|rpm|bce|kbo|siret|siren|tax|onze|our|uw|your|votre|notre)\b/;

export const invoiceDateLabels: readonly Label[] = [
  label(/\brechnungs\s?-?\s?datum\b|\bdatum\s+der\s+rechnung\b|\bbeleg\s?-?\s?datum\b/, 0.95),
  label(/\b(?:rechnungs)?(?:erstellungs|ausstellungs)\s?-?\s?datum\b/, 0.96),
  // "Rechnung Nr. 2018-17 vom 05.03.2018", "Facture n° 17 du 5/3/2018", "Invoice 17 dated …";
  // the date may be on the next line.
  label(
    /\b(?:\p{L}*rechnung|gutschrift|facture|factuur|invoice)\p{L}*[^:|]{0,60}?\s(?:vom|du|van|dated|of)(?=\s+\d|\s*$)/u,
    0.9,
  ),
  label(/\bfactuur\s?-?\s?datum\b|\bdatum\s+(?:van\s+(?:de\s+)?)?factuur\b/, 0.95),
  label(/\bcredit\s?-?(?:nota|factuur)\s?-?\s?datum\b|\bdatum\s+creditnota\b/, 0.95),
  label(/\bdate\s+(?:de\s+(?:la\s+)?)?facture\b|\bdate\s+d'emission\b|\bdate\s+de\s+l'avoir\b/, 0.95),
  label(/\bdate\s+(?:de\s+(?:la\s+)?)?note\s+de\s+credit\b|\bfacture\s+du\b|\bfacturee?\s+le\b/, 0.9),
  label(
    /\binvoice\s+date\b|\bdate\s+of\s+(?:issue|invoice)\b|\bissue\s+date\b|\bdate\s+issued\b|\binvoice\s+dated\b/,
    0.95,
  ),
  label(/\bcredit\s+note\s+date\b|\breceipt\s+date\b|\bbon\s?datum\b|\bdatum\s+bon\b/, 0.9),
  label(/\bdatum\b|\bdate\b|\bdated\b|\bdd\b\.?/, 0.65, true),
];

/** Words before a generic date label that make it some other date. */
export const otherDateWords =
  /\b(liefer|leistungs|bestell|auftrag|lieferschein|vertrags|falligkeit|zahlungs|lever|levering|verval|betaal|order|bestel|delivery|due|echeance|livraison|commande|start|eind|begin|periode|period|expiry|print|afdruk|geboorte|birth|paiement|payment|verzend|ship|shipping|vervaldag|expiration|limite|uiterste|uiterlijke|prestation|service|dienst)\b/;

export const dueDateLabels: readonly Label[] = [
  label(/\bfalligkeits\s?-?\s?datum\b|\bfallig\s+(?:am|bis|zum)\b|\bzahlungsziel\b/, 0.95),
  label(/\bfalligkeit\b/, 0.85),
  // "Zahlbar innerhalb 30 Tagen netto bis 04.07.2018", "Zahlbar ohne Abschlag bis", "bitte bis zum".
  label(/\bzahlbar\b(?:\s+[\p{L}\d]+){0,4}?\s+bis(?:\s+(?:zum|spatestens))?\b/u, 0.9),
  label(/\b(?:uberweisen|zahlen|begleichen)\b(?:\s+[\p{L}]+){0,4}?\s+bis\s+(?:zum|spatestens)\b/u, 0.85),
  label(/\bverval\s?-?\s?(?:datum|dag)\b|\bvervalt\s+op\b/, 0.95),
  label(
    /\bte\s+betalen\s+(?:voor|uiterlijk|op|tot|ten\s+laatste)\b|\b(?:uiterlijk\s+)?betalen\s+(?:voor|uiterlijk|op)\b/,
    0.9,
  ),
  label(/\buiterste\s+betaal\s?-?\s?datum\b|\buiterlijke\s+betaal\s?-?\s?datum\b|\bbetaaldatum\b/, 0.9),
  label(/\bdate\s+(?:d'|de\s+l')?echeance\b|\bdate\s+(?:limite\s+)?de\s+paiement\b|\bdate\s+limite\b/, 0.95),
  label(/\b(?:a\s+)?payer\s+(?:avant|pour|au\s+plus\s+tard)\b|\bpayable\s+(?:avant|jusqu'au|le|by|before|on)\b/, 0.9),
  label(
    /\bdue\s+date\b|\bdate\s+due\b|\bpayment\s+due(?:\s+date)?\b|\bdue\s+(?:by|on)\b|\bpay\s+(?:by|before)\b|\bremit\s+(?:until|by|before)\b/,
    0.95,
  ),
  label(/\bexpiration\b|\bvervaldag\b/, 0.8),
  label(/\becheance\b/, 0.9),
];

/** "30 dagen", "30 days", "30 jours" after a payment-terms label or phrase. */
export const paymentTerms =
  /\b(?:betalings?\s?termijn|betalingsvoorwaarden|betaal\s?termijn|betaling\s+binnen|binnen|payment\s+terms|terms|within|net|delai\s+de\s+paiement|conditions\s+de\s+paiement|payable\s+a|a)\s*:?\s*(\d{1,3})\s*(?:dagen|dag|days|jours|j|d)\b/;

export type TotalKind = 'net' | 'vat' | 'gross';

export const totalLabels: Readonly<Record<TotalKind, readonly Label[]>> = {
  net: [
    label(
      /\bsumme\s+netto\b|\bnetto\s?-?\s?(?:summe|betrag|gesamt)\b|\bgesamt\s?(?:betrag|summe)?\s+netto\b|\b(?:rechnungs)?summe\s+(?:ohne|exkl\.?|zzgl\.?)\s*(?:ust|mwst)\b\.?|\bzwischensumme\b/,
      0.9,
    ),
    label(/\btotaal\s+(?:bedrag\s+)?(?:excl|exclusief|ex|zonder)\b\.?\s*(?:btw|b\.t\.w)?/, 0.95),
    label(/\b(?:sub|tussen)\s?-?\s?totaal\b|\bsubtot\b\.?/, 0.85),
    label(/\bsub\s?-?\s?total\b|\bsous\s?-?\s?total\b/, 0.85),
    label(/\btotaal\s+netto\b|\bnetto\s?(?:totaal|bedrag)\b|\bnettobedrag\b/, 0.9),
    label(/\b(?:bedrag|prijs)\s+(?:excl|exclusief)\b\.?/, 0.85),
    label(/\b(?:total|montant)\s+(?:htva|ht|hors\s+tva|h\.t\.v\.a|h\.t|net)\b\.?|\btotal\s+h\.?t\.?v\.?a\b/, 0.95),
    label(/\btotal\s+(?:excl|excluding|exclusive\s+of|before|ex|without)\b\.?\s*(?:vat|tax|btw|tva)?/, 0.95),
    label(/\bnet\s+(?:amount|total)\b|\btotal\s+net\b|\bamount\s+(?:excl|before)\b\.?/, 0.9),
    label(/\b(?:excl|exclusief|hors|ex)\b\.?\s*(?:btw|tva|vat|b\.t\.w)\b/, 0.8),
    label(/\bmaatstaf\s+van\s+heffing\b|\bgrondslag\b|\bbase\s+imposable\b|\btaxable\s+amount\b|\bbasis\b/, 0.75),
    label(/\bnetto\b|\bhtva\b/, 0.6, true),
  ],
  vat: [
    label(
      /\b(?:zuzugl\.?\s+|zzgl\.?\s+|zuzuglich\s+|gesamt\s?-?\s?)?(?:ust|mwst|umsatzsteuer|mehrwertsteuer)\b\.?(?:\s?-?\s?betrag)?(?!\s?-?\s?id)(?![a-z])|\bsteuerbetrag\b/,
      0.85,
    ),
    // The end is "no letter follows" rather than a word boundary: OCR drops the space in "BTW21%".
    label(/\b(?:totaal\s+|total\s+)?(?:btw|b\.t\.w\.?)(?:\s?-?\s?bedrag)?(?![a-z])/, 0.85),
    label(/\b(?:te\s+betalen\s+|totaal\s+)?omzetbelasting(?![a-z])/, 0.85),
    label(/\b(?:montant\s+(?:de\s+la\s+)?|total\s+)?t\.?v\.?a\.?(?![a-z])/, 0.85),
    label(
      /\b(?:total\s+)?vat(?:\s+amount)?(?![a-z])|\b(?:total\s+)?tax(?:es)?(?:\s+amount)?(?![a-z])|\bsales\s+tax\b/,
      0.85,
    ),
  ],
  gross: [
    label(
      /\bbrutto\s?-?\s?(?:summe|betrag)\b|\bsumme\s+(?:inkl\.?|brutto)(?:\s*(?:ust|mwst)\b\.?)?|\bgesamt\s?(?:betrag|summe)(?!\s+(?:der|netto|ohne))\b|\brechnungs\s?(?:betrag|summe)\b(?!\s+(?:ohne|netto|exkl))|\bendbetrag\b/,
      0.9,
    ),
    label(/\bzahlbetrag\b|\bzahlungsbetrag\b|\bzu\s+zahlen(?:der\s+betrag)?\b/, 0.8),
    label(/\btotaal\s+(?:bedrag\s+)?(?:incl|inclusief|inc)\b\.?\s*(?:btw|b\.t\.w)?/, 0.95),
    label(/\btotaal\s?bedrag\b|\b(?:totaal\s+)?te\s+betalen\b(?!\s+(?:voor|uiterlijk|op|tot|binnen|ten))/, 0.9),
    label(/\bte\s+voldoen\b|\bnog\s+te\s+betalen\b|\bopenstaand(?:\s+bedrag)?\b|\bsaldo\b/, 0.85),
    label(/\btotal\s+(?:tvac|ttc|t\.v\.a\.c|tvai|toutes\s+taxes)\b\.?|\btotal\s+tva\s+comprise\b/, 0.95),
    label(
      /\btotal\s+a\s+payer\b|\bmontant\s+(?:total|a\s+payer|du)\b|\bnet\s+a\s+payer\b|\ba\s+payer\b(?!\s+(?:avant|pour|au))/,
      0.9,
    ),
    label(/\btotal\s+(?:incl|including|inclusive\s+of|inc)\b\.?\s*(?:vat|tax|btw|tva)?/, 0.95),
    label(
      /\bamount\s+(?:due|payable)\b|\btotal\s+(?:due|payable)\b|\bbalance\s+due\b|\bgrand\s+total\b|\btotal\s+amount\b/,
      0.9,
    ),
    label(
      /\b(?:bedrag|prijs)\s+(?:incl|inclusief)\b\.?|\b(?:incl|inclusief)\b\.?\s*(?:btw|tva|vat|b\.t\.w)\b|\btvac\b/,
      0.8,
    ),
    label(
      /\bte\s+ontvangen\b|\btegoed\b|\ba\s+rembourser\b|\ba\s+recevoir\b|\btotal\s+credit\b|\bterug\s+te\s+(?:betalen|storten)\b/,
      0.85,
    ),
    label(/\btotaal\s+eur\b|\btotal\s+eur\b/, 0.85),
    label(/\btotaal\b|\btotal\b|\bsomme\b|\bbedrag\b|\bmontant\b|\bamount\b/, 0.6, true),
    label(
      /\b(?:pin|pinnen|bancontact|maestro|visa|mastercard|contant|cash|betaald|paid|paye|payconiq|v\s?pay)\b/,
      0.5,
      true,
    ),
  ],
};

/** Labels of a chamber-of-commerce number: KvK (NL) or enterprise number (BE). */
export const companyNumberLabels: readonly Label[] = [
  label(
    /\b(?:kvk|k\.v\.k|kamer\s+van\s+koophandel|handelsregister|coc|chamber\s+of\s+commerce)(?:[\s-]?(?:nummer|nr|no|number|n°))?(?![a-z])\.?/,
    0.95,
  ),
  label(
    /\b(?:kbo|bce|ondernemings\s?(?:nummer|nr)|ondernemingsnr|n°\s*d'entreprise|numero\s+d'entreprise|n°\s*entreprise|numero\s+bce|company\s+(?:number|no)|enterprise\s+(?:number|no)|registration\s+(?:number|no))(?![a-z])\.?(?:\s*(?:rpr|rpm)\s+[a-z'-]+)?/,
    0.95,
  ),
  label(/\b(?:rpr|rpm)(?:\s+[a-z'-]+)?/, 0.8),
];

/** A reverse-charge or exemption note: the VAT is nil for that part. */
export const vatExempt =
  /\bbtw\s+verlegd\b|\bverlegd\b|\bverleggingsregeling\b|\bautoliquidation\b|\breverse\s+charge\b|\bvrijgesteld\b|\bexonere\b|\bexempt(?:ed)?\b|\bintracommunautaire?\b|\bintra-?community\b/;

/** A label that starts a customer block (bill-to, ship-to) rather than naming a field. */
export const customerBlockLabel =
  /^(?:kaufer(?:\s?\/\s?leistungsempfanger)?|leistungsempfanger|rechnungsempfanger|rechnungsadresse|kunde|aan|factuur\s?adres|factuur\s+aan|gefactureerd\s+aan|klant(?:gegevens)?|afnemer|geadresseerde|debiteur|t\.?\s?a\.?\s?v\.?|ter\s+attentie\s+van|leveradres|aflever\s?adres|afleveradres|bezorgadres|bill(?:ed)?\s+to|invoice\s+to|invoiced\s+to|sold\s+to|ship\s+to|deliver(?:ed)?\s+to|delivery\s+address|customer|client|buyer|acheteur|facture\s+a|facture\s+pour|facturee?\s+a|adresse\s+de\s+(?:facturation|livraison)|destinataire|livree?\s+a|to)\b\s*:?/;

/** Words in a line that say the identifier on it is the customer's. */
export const customerWords =
  /\b(?:ihre?|ku|kunde|kunden|ugyf|ugyfel|kaufer|leistungsempfanger|rechnungsempfanger|uw|je|jouw|votre|vos|your|klant|afnemer|client|customer|acheteur|buyer|debiteur|debtor|geadresseerde|destinataire)\b/;

/** Words in a line that say the IBAN on it is debited (direct debit), so the customer's. */
export const debitWords =
  /\b(?:incasso|incasseren|geincasseerd|automatische\s+(?:afschrijving|incasso)|afgeschreven|domiciliering|domiciliation|domicilie|prelevement|preleve|debited|direct\s+debit|van\s+uw\s+rekening|de\s+votre\s+compte|from\s+your\s+account)\b/;

/** A label naming the supplier outright. */
export const supplierLabel =
  /^(?:verkaufer|rechnungssteller|leverancier|verkoper|fournisseur|vendeur|supplier|seller|vendor|from|van|afzender|expediteur)\b\s*:/;

export const creditNoteWords =
  /\bcredit\s?-?\s?(?:nota|factuur|invoice|note|memo)\b|\bcreditnota\b|\bnote\s+de\s+credit\b|\bfacture\s+d'avoir\b|\bavoir\b|\bgutschrift\b/;
export const receiptWords =
  /\bkassa\s?(?:bon|ticket)\b|\bkasticket\b|\bkassabon\b|\bticket\s+de\s+caisse\b|\bkasbon\b|\breceipt\b|\brecu\b|\bquittance\b|\bbetaalbewijs\b|\bbewijs\s+van\s+betaling\b|\bsales\s+receipt\b/;
export const receiptHints =
  /\bbedankt\s+voor\s+uw\s+(?:bezoek|aankoop)\b|\btot\s+ziens\b|\bmerci\s+(?:de\s+votre|pour\s+votre|et\s+a\s+bientot)\b|\bthank\s+you\s+for\s+(?:your\s+)?(?:visit|purchase|shopping)\b|\bwisselgeld\b|\bterug\s*:|\brendu\b|\bchange\s+due\b|\bkassa\s*\d|\bcaisse\b|\bkassier\b|\bcaissier\b|\bcashier\b|\bterminal\b|\bauth(?:orisatie|orization)?\s?code\b|\bbancontact\b|\bpinnen\b|\bpin\b|\bcontactloos\b|\bsans\s+contact\b|\bcontactless\b/;
export const invoiceWords = /\bfactuur\b|\bfacture\b|\binvoice\b|\bfactura\b|\b\p{L}*rechnung\b|\bverkoopfactuur\b/u;

/** Words that mark a line as something other than a company name. */
export const notANameWords =
  /\b(?:factuur|facture|invoice|creditnota|kassabon|ticket|receipt|datum|date|nummer|number|numero|btw|tva|vat|kvk|iban|bic|swift|tel|telefoon|telephone|phone|gsm|mobiel|fax|e-?mail|mail|www|http|https|website|postbus|pagina|page|klant|client|customer|totaal|total|subtotaal|bedrag|montant|amount|omschrijving|description|aantal|quantity|prijs|prix|price|referentie|reference|kenmerk|order|bestelling|betaling|paiement|payment|rekening|compte|account|onderneming|entreprise|handelsregister|rpr|rpm|bce|kbo|ondernemingsnummer|copy|kopie|duplicaat|duplicate|origineel|original|aan|to|t\.a\.v|attn|p\.?o\.?\s?box|bp|cedex|verzonden|sent|adres|address|adresse|contact|gegevens|coordonnees|details)\b|@/;

export const legalForm =
  /\b(?:b\.?\s?v\.?|n\.?\s?v\.?|v\.?\s?o\.?\s?f\.?|c\.?\s?v\.?|bvba|b\.v\.b\.a\.?|sprl|s\.p\.r\.l\.?|srl|s\.r\.l\.?|sa|s\.a\.|scrl|sc|scs|comm\.?\s?v|commv|vzw|v\.z\.w\.?|asbl|a\.s\.b\.l\.?|ltd|limited|gmbh|inc|llc|plc|ag|a\.g\.?|kg|ohg|e\.\s?v\.?|ug|sarl|sas|eurl|holding|eenmanszaak|stichting|vereniging|cooperatie|ua|u\.a\.)\.?$|\b(?:& zn|en zonen|& co|& zonen|et fils)\b/;

export const addressPattern = new RegExp(
  [
    String.raw`\b\d{4}\s?[a-z]{2}\b(?!\s*\d)`, // NL postcode 1234 AB
    String.raw`\b(?:b|be|nl|f|l|d)?-?\d{4,5}\s+[a-z'\-]{3,}`, // BE/FR/DE postcode + city
    String.raw`[a-z]{3,}(?:straat|str\.|laan|weg|plein|gracht|kade|dijk|singel|steeg|dreef|lei|baan|markt|park|hof|pad|plantsoen|boulevard|kaai|veld|berg|dam)\s+\d`,
    String.raw`\b(?:rue|avenue|av\.|chaussee|boulevard|bd|place|chemin|route|allee|quai|square|impasse|street|st\.|road|rd\.|lane|avenue)\b`,
    String.raw`\b(?:nederland|netherlands|belgie|belgique|belgium|pays-bas|deutschland|germany|france|luxembourg)\b`,
  ].join('|'),
);

export const countryNames: readonly (readonly [string, RegExp])[] = [
  ['NL', /\b(?:nederland|netherlands|the netherlands|pays-bas|niederlande)\b/],
  ['BE', /\b(?:belgie|belgique|belgium|belgien)\b/],
  ['DE', /\b(?:deutschland|germany|duitsland|allemagne)\b/],
  ['FR', /\b(?:france|frankrijk|frankreich)\b/],
  ['LU', /\b(?:luxembourg|luxemburg)\b/],
];

/** Column headings of a line-item table. */
export const columnHeadings = {
  description:
    /^(?:omschrijving|beschrijving|artikel(?:omschrijving)?|product|producten|dienst|diensten|prestatie|description|designation|libelle|article|produit|item|items|details?|service|omschr\.?|naam)$/,
  quantity: /^(?:aantal|aant\.?|qty|quantity|quantite|qte|nombre|nbr|stuks|hoeveelheid|qte\.|st\.?|eenh\.?|units?)$/,
  unitPrice:
    /^(?:prijs|stukprijs|eenheidsprijs|prijs\s?\/\s?st(?:uk)?|prijs per stuk|tarief|unit\s+price|price|rate|prix(?:\s+unitaire)?|p\.?\s?u\.?|pu|prix\s+unit\.?|unit\s+cost|a\s+prix|eenheidsprijs\s+excl\.?|prijs\s+excl\.?)$/,
  net: /^(?:bedrag|totaal|subtotaal|amount|total|montant|total\s+ht(?:va)?|net|netto|bedrag\s+excl\.?(?:\s+btw)?|totaal\s+excl\.?(?:\s+btw)?|line\s+total|montant\s+ht(?:va)?|prix\s+total|totaalprijs|regel\s?totaal)$/,
  vatRate:
    /^(?:btw|btw\s?%|btw-?tarief|btw-?perc\.?|%\s?btw|tva|tva\s?%|taux(?:\s+tva)?|%\s?tva|vat|vat\s?%|vat\s+rate|tax|tax\s?%|tarief)$/,
} as const;
export type ColumnKind = keyof typeof columnHeadings;
