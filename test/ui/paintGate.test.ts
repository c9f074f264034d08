/** Fewer frames while the map opens (src/ui/map/paintGate.ts), on a stand-in for maplibre's map. */
import { describe, expect, it, vi } from 'vitest';
import type { Map as MaplibreMap } from 'maplibre-gl';
import { gatePainting, paintGateOf } from '../../src/ui/map/paintGate.ts';
import { handClock, mapStandIn as standIn } from './mapStandIn.ts';

describe('paint gate', () => {
  const clock = handClock();

  it('paints every frame when nothing holds it', () => {
    const { map, drawn, asMap } = standIn();
    gatePainting(asMap, 1000, clock.now);
    for (let n = 0; n < 5; n++) map.frame(n);
    expect(drawn).toEqual([0, 1, 2, 3, 4]);
  });

  it('held, paints at most once per interval and paints the last frame asked for when it is over', () => {
    const { map, drawn, asMap } = standIn();
    const gate = gatePainting(asMap, 1000, clock.now);
    gate.hold('colouring');
    map.frame(1); // the first frame is painted
    clock.t = 100;
    map.frame(2);
    clock.t = 300;
    map.frame(3);
    expect(drawn).toEqual([1]);
    expect(gate.lastFramePainted()).toBe(false);
    expect(gate.frames()).toEqual({ painted: 1, held: 2 });
    // the held frames leave one repaint for when the interval is over, not one each
    expect(map.repaints).toBe(0);
    clock.t = 1000;
    vi.advanceTimersByTime(1000);
    expect(map.repaints).toBe(1);
    map.frame(4);
    expect(drawn).toEqual([1, 4]);
    expect(gate.lastFramePainted()).toBe(true);
  });

  it('a camera move paints every frame, held or not', () => {
    const { map, drawn, asMap } = standIn();
    const gate = gatePainting(asMap, 1000, clock.now);
    gate.hold('colouring');
    map.frame(1);
    map.moving = true;
    clock.t = 10;
    map.frame(2);
    clock.t = 20;
    map.frame(3);
    expect(drawn).toEqual([1, 2, 3]);
  });

  it('the last release paints at once; a reason still held keeps the gate', () => {
    const { map, drawn, asMap } = standIn();
    const gate = gatePainting(asMap, 1000, clock.now);
    gate.hold('colouring');
    gate.hold('reveal:plots');
    map.frame(1);
    clock.t = 10;
    gate.release('colouring');
    map.frame(2);
    expect(drawn).toEqual([1]);
    const before = map.repaints;
    gate.release('reveal:plots');
    expect(map.repaints).toBe(before + 1);
    clock.t = 20;
    map.frame(3);
    expect(drawn).toEqual([1, 3]);
    // releasing what is not held asks for nothing
    gate.release('reveal:plots');
    expect(map.repaints).toBe(before + 1);
  });

  it('paints the frame someone waits for at once, held or not, and only that one', () => {
    const { map, drawn, asMap } = standIn();
    const gate = gatePainting(asMap, 1000, clock.now);
    gate.hold('colouring');
    map.frame(1);
    clock.t = 50;
    map.frame(2);
    gate.paintNext();
    clock.t = 60;
    map.frame(3);
    clock.t = 70;
    map.frame(4);
    expect(drawn).toEqual([1, 3]);
  });

  it('is found by its map; a map without the painter it wraps paints as before', () => {
    const { asMap } = standIn();
    const gate = gatePainting(asMap, 1000, clock.now);
    expect(paintGateOf(asMap)).toBe(gate);
    const bare = { isMoving: () => false, triggerRepaint: () => undefined } as unknown as MaplibreMap;
    const bareGate = gatePainting(bare, 1000, clock.now);
    bareGate.hold('colouring');
    expect(bareGate.lastFramePainted()).toBe(true);
  });
});
