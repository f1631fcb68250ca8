import type { SecretKey } from '../../src/config/secret-keys';
import { selfSignedCertificate, type TestCertificate } from '../support/certificates';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { startDovecot, type DovecotPeer } from '../support/dovecot';
import { startTestApp, testSecretKey, type TestApp, type TestAppOptions } from '../support/test-app';
import { dovecotCanRun } from './support';

type DovecotOptions = Omit<Parameters<typeof startDovecot>[0], 'certificate'>;

export interface ReaderFixture {
  /** The file's certificate for 127.0.0.1, Dovecot's (made once for the file). */
  readonly certificate: TestCertificate;
  /** The test's own migrated database (made before each test). */
  readonly db: TestDatabase;
  /** The file's Dovecot, when `readerFixture({ dovecot })` asked for one (started once for the file). */
  readonly dovecot: DovecotPeer;
  /** Starts a Dovecot for this test, with the file's certificate; stopped after the test. */
  startDovecot(options?: DovecotOptions): Promise<DovecotPeer>;
  /** Starts an app on the test's database with the file's secret key; closed after the test (a second close does nothing). */
  startApp(options?: Omit<TestAppOptions, 'databaseUrl'>): Promise<TestApp>;
  /** Runs `close` after the test, once the apps are closed and before Dovecot stops (e.g. a proxy in front of Dovecot). */
  closeAfter(close: () => Promise<void>): void;
}

/**
 * The hooks of the inbound reader's test files: a certificate for the file, a database per test,
 * and after each test a teardown in the one order that suits them all: the apps first (each stops
 * its reader, releases the reader lock and closes its pool while Dovecot and the database are still
 * there), then what the test put between them (a proxy), then Dovecot, then the database (dropped
 * WITH (FORCE): an app still open would lose its connections under it). `dovecot`: start one
 * Dovecot for the whole file instead (stopped after the file's tests).
 */
export function readerFixture(options: { dovecot?: DovecotOptions } = {}): ReaderFixture {
  const key: SecretKey = testSecretKey();
  let certificate: TestCertificate | undefined;
  let fileDovecot: DovecotPeer | undefined;
  let db: TestDatabase | undefined;
  let apps: TestApp[] = [];
  let others: (() => Promise<void>)[] = [];
  let dovecots: DovecotPeer[] = [];

  beforeAll(async () => {
    if (!dovecotCanRun()) return;
    certificate = await selfSignedCertificate({ names: ['127.0.0.1'] });
    if (options.dovecot) fileDovecot = await startDovecot({ ...options.dovecot, certificate });
  });
  afterAll(async () => {
    await fileDovecot?.stop();
  });
  beforeEach(async () => {
    if (!dovecotCanRun()) return;
    db = await createTestDatabase();
  });
  afterEach(async () => {
    const [closing, closingOthers, stopping] = [apps, others, dovecots];
    apps = [];
    others = [];
    dovecots = [];
    // Every step runs even when one before it failed (no Dovecot or database left behind); the first failure is thrown.
    const failures: unknown[] = [];
    const step = (run: () => Promise<void>) => run().catch((error: unknown) => void failures.push(error));
    for (const app of closing) await step(() => app.close());
    for (const close of closingOthers.reverse()) await step(close);
    for (const dovecot of stopping) await step(() => dovecot.stop());
    const dropping = db;
    db = undefined;
    if (dropping) await step(() => dropping.drop());
    if (failures.length > 0) throw failures[0];
  });

  const made = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`${what} is made in the fixture's hooks (and only when Dovecot can run)`);
    return value;
  };
  return {
    get certificate() {
      return made(certificate, 'the certificate');
    },
    get db() {
      return made(db, 'the test database');
    },
    get dovecot() {
      return made(fileDovecot, "the file's Dovecot (readerFixture({ dovecot }))");
    },
    async startDovecot(dovecotOptions = {}) {
      const dovecot = await startDovecot({ ...dovecotOptions, certificate: made(certificate, 'the certificate') });
      dovecots.push(dovecot);
      return dovecot;
    },
    async startApp(appOptions = {}) {
      const started = await startTestApp({ secretKey: key, ...appOptions, databaseUrl: made(db, 'the test database').url });
      apps.push(started);
      return started;
    },
    closeAfter(close) {
      others.push(close);
    },
  };
}
