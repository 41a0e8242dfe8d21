/**
 * The part of a Textract AnalyzeExpense / GetExpenseAnalysis response the normaliser reads,
 * declared here so the domain does not import the AWS SDK. The SDK's `ExpenseDocument` is
 * assignable to {@link ExpenseDocument}. Both response generations fit: the older one without
 * `GroupProperties`, `Currency` and `Blocks`, and the newer one with them.
 */
export interface ExpenseDetection {
  readonly Text?: string | undefined;
  /** 0..100 */
  readonly Confidence?: number | undefined;
}

export interface ExpenseField {
  readonly Type?: ExpenseDetection | undefined;
  readonly LabelDetection?: ExpenseDetection | undefined;
  readonly ValueDetection?: ExpenseDetection | undefined;
  readonly PageNumber?: number | undefined;
  readonly Currency?: { readonly Code?: string | undefined; readonly Confidence?: number | undefined } | undefined;
  readonly GroupProperties?:
    | readonly { readonly Types?: readonly string[] | undefined; readonly Id?: string | undefined }[]
    | undefined;
}

export interface ExpenseDocument {
  readonly ExpenseIndex?: number | undefined;
  readonly SummaryFields?: readonly ExpenseField[] | undefined;
  readonly LineItemGroups?:
    | readonly {
        readonly LineItemGroupIndex?: number | undefined;
        readonly LineItems?:
          | readonly { readonly LineItemExpenseFields?: readonly ExpenseField[] | undefined }[]
          | undefined;
      }[]
    | undefined;
}
