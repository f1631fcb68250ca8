import type { Prisma, PrismaClient } from '../../generated/prisma/client.js';

/** What a repository method runs on: the pooled client, or the transaction a caller holds. */
export type Db = PrismaClient | Prisma.TransactionClient;
