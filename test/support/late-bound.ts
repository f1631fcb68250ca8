/**
 * An object that stands for the one `get()` returns at the time it is used: a peer or app a test
 * file starts in a beforeAll or beforeEach hook, declared beside the hooks that start it. Its
 * properties are read from, and its methods called on, the real one.
 */
export function lateBound<T extends object>(what: string, get: () => T | undefined): T {
  return new Proxy({} as T, {
    get(_target, key) {
      const target = get();
      if (target === undefined) throw new Error(`${what} is not there: it is started in a beforeAll or beforeEach hook`);
      const value: unknown = Reflect.get(target, key);
      return typeof value === 'function' ? (value.bind(target) as unknown) : value;
    },
  });
}
