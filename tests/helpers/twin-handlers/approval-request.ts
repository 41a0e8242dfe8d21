import { recordingHandler } from './recorder.ts';

export const handler = recordingHandler('approval-request');
