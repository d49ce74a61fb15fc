// A contender that fails once is not retried: its column stays empty, with the reason.

/**
 * `const g = createGuard(log); tasks.a = g.guarded('a', fn)`: the wrapped task resolves
 * fn's number, or null after logging why it failed; `g.errors` keeps the first reason.
 */
export function createGuard(log) {
  const errors = {};
  return {
    errors,
    guarded: (name, fn) => async (round) => {
      if (errors[name]) return null;
      try {
        return await fn(round);
      } catch (error) {
        errors[name] = error.message;
        log(`  ${name} failed: ${error.message}`);
        return null;
      }
    },
  };
}
