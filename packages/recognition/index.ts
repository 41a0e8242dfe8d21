// The Textract normaliser is pure domain code; it is exported with the port because the
// package index is the only import path and the Textract adapter needs both.
export * from './expense-analyzer.js';
export * from './learning/index.js';
export * from './local/index.js';
export * from './model.js';
export {
  type DocumentInput,
  maxDocumentBytes,
  maxImagePixels,
  type RecogniseOptions,
  recogniseDocument,
} from './recognise.js';
export * from './structured/index.js';
export * from './textract/index.js';
