import { App, Aspects } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { addSamenwerkenStacks } from '../stacks/samenwerken.ts';

const app = new App();
const inboundEmailDomain: unknown = app.node.tryGetContext('inboundEmailDomain');
if (inboundEmailDomain !== undefined && typeof inboundEmailDomain !== 'string') {
  throw new Error('context inboundEmailDomain must be a string');
}
const publicApiUrl: unknown = app.node.tryGetContext('publicApiUrl');
if (publicApiUrl !== undefined && typeof publicApiUrl !== 'string')
  throw new Error('context publicApiUrl must be a string');
addSamenwerkenStacks(app, { inboundEmailDomain, publicApiUrl });
// Unsuppressed AwsSolutions errors fail the synth, so a regression cannot reach a deploy.
Aspects.of(app).add(new AwsSolutionsChecks());
app.synth();
