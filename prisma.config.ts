// Prisma CLI configuration. The service never reads this file: it gets its connection string
// from src/config/env.ts. `generate` needs no database, hence the placeholder.
import { defineConfig } from 'prisma/config';

export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: { url: process.env.DATABASE_URL ?? 'postgresql://localhost:5432/unused' },
});
