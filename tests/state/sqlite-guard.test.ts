import { sqliteGuard } from '../../src/state/sqlite/guard.js';
import { StateError } from '../../src/state/state-error.js';

const busy = () => Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' });

test('a busy step is tried again a bounded number of times, each said; then a StateError', async () => {
  const said: string[] = [];
  const guard = sqliteGuard({ location: '/srv/state.sqlite', busyRetries: 3, onBusy: (n, of) => said.push(`${n}/${of}`) });
  let tries = 0;
  const error = await guard(() => {
    tries++;
    throw busy();
  }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(StateError);
  expect((error as StateError).problem).toBe('busy');
  expect(tries).toBe(4);
  expect(said).toEqual(['1/3', '2/3', '3/3']);
});

test('after a step gave up, the next ones try once until one succeeds; then the full bound again', async () => {
  const said: number[] = [];
  const guard = sqliteGuard({ location: 'x', busyRetries: 2, onBusy: (n) => said.push(n) });
  const alwaysBusy = () => {
    throw busy();
  };
  await expect(guard(alwaysBusy)).rejects.toThrow(StateError);
  let tries = 0;
  await expect(
    guard(() => {
      tries++;
      throw busy();
    }),
  ).rejects.toThrow(StateError);
  expect(tries).toBe(1);
  expect(await guard(() => 'written')).toBe('written');
  said.length = 0;
  let later = 0;
  expect(
    await guard(() => {
      if (++later < 3) throw busy();
      return 'after two waits';
    }),
  ).toBe('after two waits');
  expect(said).toEqual([1, 2]);
});
