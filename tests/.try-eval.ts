import { report } from './helpers/figures.ts';
import { statementCorpusFigures } from './eval/bank-statements.ts';
await report('eval-results', 'bank-statements-try', await statementCorpusFigures());
