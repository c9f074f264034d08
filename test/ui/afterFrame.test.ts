/**
 * Waiting for the frame that shows given layers (src/ui/map/afterFrame.ts), on a stand-in for
 * maplibre's map with the page's paint gate: the coloured map's wait has a held frame painted at
 * once; the plots' mark only waits for a painted frame, so it never costs a frame of its own.
 */
import { describe, expect, it, vi } from 'vitest';
import type { Layer } from '../../src/core/types.ts';
import { afterFrameWith } from '../../src/ui/map/afterFrame.ts';
import { gatePainting } from '../../src/ui/map/paintGate.ts';
import { handClock, mapStandIn as standIn } from './mapStandIn.ts';

const plots = { id: 'ZZDK', kind: 'plots' } as Layer;

describe('afterFrameWith', () => {
  const clock = handClock();

  it('waits for the tiles and the plots\' fill, then for a frame drawn with them', () => {
    const { map, asMap } = standIn();
    map.loaded = false;
    map.revealed = false;
    const done = vi.fn();
    afterFrameWith(asMap, [plots], done);
    map.frame(1);
    map.loaded = true;
    map.frame(2);
    expect(done).not.toHaveBeenCalled();
    map.revealed = true;
    map.frame(3);
    expect(done).toHaveBeenCalledTimes(1);
    map.frame(4);
    expect(done).toHaveBeenCalledTimes(1);
  });

  it('has a frame the gate held back painted at once when asked to', () => {
    const { map, drawn: painted, asMap } = standIn();
    const gate = gatePainting(asMap, 1000, clock.now);
    gate.hold('colouring');
    map.frame(1); // painted: the first
    const done = vi.fn();
    afterFrameWith(asMap, [plots], done);
    clock.t = 100;
    map.frame(2); // held
    expect(done).not.toHaveBeenCalled();
    clock.t = 200;
    map.frame(3); // painted at once, not after the interval
    expect(painted).toEqual([1, 3]);
    expect(done).toHaveBeenCalledTimes(1);
  });

  it('without `paint`, waits for the next frame the gate lets through and paints none of its own', () => {
    const { map, drawn: painted, asMap } = standIn();
    const gate = gatePainting(asMap, 1000, clock.now);
    gate.hold('colouring');
    map.frame(1);
    const done = vi.fn();
    afterFrameWith(asMap, [plots], done, false);
    clock.t = 100;
    map.frame(2);
    clock.t = 200;
    map.frame(3);
    expect(painted).toEqual([1]);
    expect(done).not.toHaveBeenCalled();
    expect(gate.frames().held).toBe(2);
    clock.t = 1_100;
    map.frame(4); // the interval is over: painted for the gate's own reasons
    expect(painted).toEqual([1, 4]);
    expect(done).toHaveBeenCalledTimes(1);
  });
});
