/**
 * Which errors mean "the database cannot be reached" (UNAVAILABLE, nothing changed) rather than a
 * bug: the shapes below are the ones the service logged as masked internal errors while the
 * database-cut tests cut PostgreSQL under sendEmail (issue 16).
 */
import { Prisma } from '../../src/generated/prisma/client';
import { isDatabaseUnavailable } from '../../src/platform/database/database-errors';

function rawQueryFailure(cause: Record<string, unknown>): Prisma.PrismaClientKnownRequestError {
  return new Prisma.PrismaClientKnownRequestError('Raw query failed. Code: `N/A`. Message: `Server has closed the connection.`', {
    code: 'P2010',
    clientVersion: Prisma.prismaVersion.client,
    meta: { driverAdapterError: { name: 'DriverAdapterError', cause } },
  });
}

describe('isDatabaseUnavailable', () => {
  it("is true for a raw query's P2010 whose adapter error says the connection closed (pg-boss's job insert in sendEmail's transaction)", () => {
    expect(isDatabaseUnavailable(rawQueryFailure({ kind: 'ConnectionClosed' }))).toBe(true);
  });

  it('is false for a P2010 that is not about the connection (a bug must stay an internal error)', () => {
    expect(isDatabaseUnavailable(rawQueryFailure({ kind: 'postgres', code: '42601', message: 'syntax error at or near "SELEC"' }))).toBe(false);
  });

  it("is true for node-postgres' query on a client whose connection dropped before it", () => {
    expect(isDatabaseUnavailable(new Error('Client has encountered a connection error and is not queryable'))).toBe(true);
  });

  it('is false for a plain error with another text', () => {
    expect(isDatabaseUnavailable(new Error('Client has a bug'))).toBe(false);
  });
});
