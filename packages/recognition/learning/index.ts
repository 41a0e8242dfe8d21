export { agreedConfidence, applySupplierLayout, placedConfidence, unsureConfidence } from './apply.js';
export { learnSupplierLayout } from './learn.js';
export * from './model.js';
export { readPageLayout, recogniseWithLearning } from './recognise-learnt.js';
export {
  pageSupplierKeys,
  readSupplierLayout,
  saveSupplierLayout,
  supplierKeysOf,
  supplierLayoutKeys,
  supplierLayoutLookup,
} from './repository.js';
