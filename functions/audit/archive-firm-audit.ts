import { PutObjectCommand } from '@aws-sdk/client-s3';
import { z } from 'zod';
import { s3, table } from '#functions/shared/clients.ts';
import { loadConfig } from '#functions/shared/config.ts';
import { workflowTask } from '#functions/shared/task.ts';
import { archiveFirmAudit } from '#packages/audit';

const config = loadConfig({ BUCKET_NAME: z.string().min(1) });

const Input = z.object({ firmId: z.string().min(1), month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/) });

export const handler = workflowTask(Input, ({ firmId, month }) =>
  archiveFirmAudit(
    {
      table,
      putObject: async (key, body, contentType) => {
        await s3().send(
          new PutObjectCommand({ Bucket: config.BUCKET_NAME, Key: key, Body: body, ContentType: contentType }),
        );
      },
    },
    firmId,
    month,
  ),
);
