import { z } from '@ap/http';

export const notificationOutput = z
  .object({
    id: z.uuid(),
    kind: z.string(),
    title: z.string(),
    body: z.string(),
    data: z.record(z.string(), z.unknown()),
    readAt: z.iso.datetime().nullable(),
    createdAt: z.iso.datetime(),
  })
  .openapi('Notification');

export const notificationPage = z
  .object({ items: z.array(notificationOutput), nextCursor: z.string().nullable() })
  .openapi('NotificationPage');

export const listQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(200).optional(),
});

export const idParams = z.strictObject({ id: z.uuid() });

export type Notification = z.infer<typeof notificationOutput>;
