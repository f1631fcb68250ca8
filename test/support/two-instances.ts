import { createTestDatabase, type TestDatabase } from './database';
import { lateBound } from './late-bound';
import { startTestApp, testSecretKey, type TestApp, type TestAppOptions } from './test-app';

/**
 * Two instances of the service, `a` and `b` (their instance ids), on one fresh database per test
 * and with one secret key: a test that cuts b's change listener or fails a change leaves nothing
 * behind for the next one. `b` is started with `options.b` besides.
 */
export function useTwoInstances(options: { b?: Omit<TestAppOptions, 'databaseUrl' | 'secretKey' | 'instanceId'> } = {}) {
  let db: TestDatabase | undefined;
  let a: TestApp | undefined;
  let b: TestApp | undefined;
  const key = testSecretKey();
  beforeEach(async () => {
    db = await createTestDatabase();
    a = await startTestApp({ databaseUrl: db.url, secretKey: key, instanceId: 'a' });
    b = await startTestApp({ ...options.b, databaseUrl: db.url, secretKey: key, instanceId: 'b' });
  });
  afterEach(async () => {
    await a?.close();
    await b?.close();
    await db?.drop();
    a = b = db = undefined;
  });
  return {
    db: lateBound('the test database', () => db),
    a: lateBound('instance a', () => a),
    b: lateBound('instance b', () => b),
  };
}
