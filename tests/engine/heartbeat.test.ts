import { describe, expect, test } from 'vitest';
import { HeartbeatMonitor } from '../../src/engine/heartbeat.js';

describe('HeartbeatMonitor', () => {
  test('a worker silent for longer than the limit is named, with how long it was silent', () => {
    const m = new HeartbeatMonitor(2, 0, 2000);
    for (let t = 250; t <= 2000; t += 250) {
      m.beat(0, t);
      expect(m.check(t)).toBeNull();
    }
    m.beat(0, 2250);
    expect(m.check(2250)).toEqual({ worker: 1, silentMs: 2250 });
  });

  test('a shared counter that changes is a beat; one that stays put is not', () => {
    const counts = [0, 0];
    const m = new HeartbeatMonitor(2, 0, 1000);
    for (let t = 250; t <= 1250; t += 250) {
      counts[0]!++;
      const r = m.check(t, (w) => counts[w]!);
      if (t <= 1000) expect(r).toBeNull();
      else expect(r).toEqual({ worker: 1, silentMs: 1250 });
    }
  });

  test('a worker that finished its job is never declared dead', () => {
    const m = new HeartbeatMonitor(1, 0, 1000);
    m.finish(0);
    expect(m.check(250)).toBeNull();
    expect(m.check(5000)).toBeNull();
  });

  test('when the checks themselves came late (a busy main thread, a throttled tab), nobody is blamed for that gap', () => {
    const m = new HeartbeatMonitor(1, 0, 2000, 1000);
    expect(m.check(5000)).toBeNull();
    expect(m.check(5250)).toBeNull();
    // Regular checks after the gap still find a real silence.
    let r = null;
    for (let t = 5500; t <= 7500 && !r; t += 250) r = m.check(t);
    expect(r?.worker).toBe(0);
  });
});
