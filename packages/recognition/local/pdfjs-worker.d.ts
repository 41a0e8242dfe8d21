// pdfjs ships its in-process worker without types; only its presence is needed.
declare module 'pdfjs-dist/legacy/build/pdf.worker.mjs' {
  export const WorkerMessageHandler: unknown;
}
