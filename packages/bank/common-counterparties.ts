import type { Country } from '#packages/kernel';
import type { CommonCounterparty } from './matching/index.js';

/**
 * Counterparties nearly every administration of a country pays, with the account the country's
 * chart books them on: the robot's fallback for a line the administration's own history does
 * not explain yet. Words pick between entries of one IBAN (the Dutch tax office collects VAT,
 * payroll tax and car tax on the same account). VAT codes only where the payment itself carries
 * VAT (a telecom or energy bill paid by direct debit with no invoice booked).
 */
const nl: readonly CommonCounterparty[] = [
  {
    label: 'Belastingdienst (omzetbelasting)',
    names: ['Belastingdienst'],
    ibans: ['NL86INGB0002445588'],
    words: ['omzetbelasting', 'btw', 'ob'],
    glAccount: '1530',
  },
  {
    label: 'Belastingdienst (loonheffingen)',
    names: ['Belastingdienst'],
    ibans: ['NL86INGB0002445588'],
    words: ['loonheffing', 'loonheffingen', 'lh'],
    glAccount: '1550',
  },
  {
    label: 'Belastingdienst (motorrijtuigenbelasting)',
    names: ['Belastingdienst'],
    ibans: ['NL86INGB0002445588'],
    words: ['motorrijtuigenbelasting', 'mrb'],
    glAccount: '4410',
  },
  { label: 'KPN', names: ['KPN', 'KPN B.V.'], glAccount: '4510', vatCode: 'NL-I21' },
  {
    label: 'Vodafone Ziggo',
    names: ['Vodafone Libertel', 'VodafoneZiggo', 'Ziggo'],
    glAccount: '4510',
    vatCode: 'NL-I21',
  },
  { label: 'T-Mobile / Odido', names: ['T-Mobile Netherlands', 'Odido'], glAccount: '4510', vatCode: 'NL-I21' },
  { label: 'Eneco', names: ['Eneco', 'Eneco Consumenten'], glAccount: '4110', vatCode: 'NL-I21' },
  { label: 'Vattenfall', names: ['Vattenfall', 'Vattenfall Klantenservice'], glAccount: '4110', vatCode: 'NL-I21' },
  { label: 'Essent', names: ['Essent', 'Essent Retail Energie'], glAccount: '4110', vatCode: 'NL-I21' },
  {
    label: 'Waternet / drinkwater',
    names: ['Waternet', 'Vitens', 'Evides', 'PWN', 'Brabant Water'],
    glAccount: '4110',
    vatCode: 'NL-I9',
  },
  {
    label: 'ING bankkosten',
    names: ['ING Bank', 'ING'],
    words: ['kosten', 'betaalpakket', 'rente'],
    glAccount: '4900',
  },
  { label: 'Rabobank bankkosten', names: ['Rabobank'], words: ['kosten', 'pakket', 'rente'], glAccount: '4900' },
  {
    label: 'ABN AMRO bankkosten',
    names: ['ABN AMRO Bank', 'ABN AMRO'],
    words: ['kosten', 'basic', 'rente'],
    glAccount: '4900',
  },
  { label: 'Kamer van Koophandel', names: ['Kamer van Koophandel', 'KVK'], glAccount: '4520' },
];

const be: readonly CommonCounterparty[] = [
  {
    label: 'FOD Financiën (btw)',
    names: ['FOD Financien', 'SPF Finances', 'FOD Financiën BTW'],
    ibans: ['BE61679200299926'],
    words: ['btw', 'tva', 'aangifte'],
    glAccount: '451800',
  },
  {
    label: 'FOD Financiën (bedrijfsvoorheffing)',
    names: ['FOD Financien', 'SPF Finances'],
    words: ['bedrijfsvoorheffing', 'precompte'],
    glAccount: '453000',
  },
  { label: 'RSZ', names: ['RSZ', 'ONSS', 'Rijksdienst voor Sociale Zekerheid'], glAccount: '454000' },
  { label: 'Proximus', names: ['Proximus', 'Proximus NV'], glAccount: '613200', vatCode: 'BE-I21-SERVICES' },
  { label: 'Telenet', names: ['Telenet', 'Telenet BV'], glAccount: '613200', vatCode: 'BE-I21-SERVICES' },
  { label: 'Orange Belgium', names: ['Orange Belgium'], glAccount: '613200', vatCode: 'BE-I21-SERVICES' },
  {
    label: 'Engie Electrabel',
    names: ['Engie', 'Electrabel', 'ENGIE Electrabel'],
    glAccount: '612000',
    vatCode: 'BE-I21-GOODS',
  },
  { label: 'Luminus', names: ['Luminus'], glAccount: '612000', vatCode: 'BE-I21-GOODS' },
  {
    label: 'De Watergroep',
    names: ['De Watergroep', 'Farys', 'Water-link'],
    glAccount: '612000',
    vatCode: 'BE-I6-GOODS',
  },
  {
    label: 'Bankkosten',
    names: ['KBC', 'BNP Paribas Fortis', 'Belfius', 'ING Belgie'],
    words: ['kosten', 'frais', 'beheerskosten'],
    glAccount: '657000',
  },
];

export const commonCounterparties: Readonly<Record<Country, readonly CommonCounterparty[]>> = { NL: nl, BE: be };
