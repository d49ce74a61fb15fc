import { lateVerdict } from '../../src/bounces/verdict.js';

describe('lateVerdict', () => {
  it.each([
    ['failed', '5.1.1', 'hard'],
    ['failed', '5.1.2', 'hard'],
    ['failed', '5.1.10', 'hard'],
    ['failed', '5.2.1', 'hard'],
    ['failed', '5.4.4', 'hard'],
    ['failed', '5.2.2', 'soft'],
    ['failed', '4.2.2', 'soft'],
    ['failed', '5.3.0', 'soft'],
    ['failed', '4.4.7', 'soft'],
    ['failed', undefined, 'soft'],
    ['delayed', '4.4.1', 'delayed'],
    ['failed', '5.7.1', 'policy'],
    ['failed', '5.7.26', 'policy'],
    ['failed', '5.1.8', 'sender'],
    ['failed', '5.1.7', 'sender'],
    ['delivered', '2.0.0', 'delivered'],
    ['relayed', '2.0.0', 'delivered'],
  ])('%s %s → %s', (action, status, verdict) => {
    expect(lateVerdict({ action, ...(status ? { status } : {}) })).toBe(verdict);
  });
});
