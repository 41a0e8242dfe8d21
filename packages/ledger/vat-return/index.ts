export {
  adjustableVatBoxes,
  computeVatReturn,
  nlReturnInWholeEuros,
  type VatCodeTotals,
  type VatReturn,
  type VatReturnOptions,
  vatReturnField,
  vatReturnFields,
  type WholeEuroVatReturn,
} from './compute.js';
export {
  beIntervatXml,
  exportVatReturn,
  nlOmzetbelastingXbrl,
  type VatDeclarant,
  type VatPeriod,
  type VatReturnExportInput,
  type VatReturnFile,
} from './export.js';
