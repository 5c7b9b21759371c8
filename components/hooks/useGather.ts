// Runs the chosen sources once, with an AbortController for Esc. Progress events can come
// thousands a second: they land in a ref and reach the screen on a 200 ms tick.
import { useEffect, useRef, useState } from 'react';
import type { SourceProgress } from '../../src/core/progress.js';
import type { RoleRef, SourceId, TimeWindow } from '../../src/core/types.js';
import type { Engine, GatherResult, SourcePlan } from '../engine.js';

export interface GatherView {
  progress: SourceProgress[];
  elapsedMs: number;
  result?: GatherResult;
  error?: string;
  cancelled: boolean;
  cancel: () => void;
}

const TICK_MS = 200;

function initial(plans: SourcePlan[]): Map<SourceId, SourceProgress> {
  return new Map(
    plans.map((p) => [
      p.id,
      { source: p.id, label: p.label, state: 'pending', done: 0, unit: 'items' } as SourceProgress,
    ]),
  );
}

export function useGather(
  engine: Engine,
  plans: SourcePlan[],
  role: RoleRef,
  window: TimeWindow | undefined,
  onDone: (result: GatherResult, cancelled: boolean) => void,
): GatherView {
  // One run per mount: later prop changes (the session saving source states) must not restart it.
  const [run] = useState(() => ({ plans, role, window, controller: new AbortController() }));
  const latest = useRef(initial(run.plans));
  const onDoneRef = useRef(onDone);
  useEffect(() => {
    onDoneRef.current = onDone;
  });
  const [progress, setProgress] = useState(() => [...initial(run.plans).values()]);
  const [elapsedMs, setElapsed] = useState(0);
  const [result, setResult] = useState<GatherResult>();
  const [error, setError] = useState<string>();
  const [cancelled, setCancelled] = useState(false);

  useEffect(() => {
    const started = Date.now();
    const abort = run.controller;
    const flush = () => {
      setProgress([...latest.current.values()]);
      setElapsed(Date.now() - started);
    };
    const timer = setInterval(flush, TICK_MS);
    let live = true;
    engine
      .gather(run.plans, {
        role: run.role,
        window: run.window,
        signal: abort.signal,
        onProgress: (p) => {
          const was = latest.current.get(p.source);
          // Keep the label the plan gave; readers report their own units and totals.
          latest.current.set(p.source, { ...p, label: was?.label ?? p.label });
        },
      })
      .then(
        (r) => {
          if (!live) return;
          clearInterval(timer);
          flush();
          setResult(r);
          onDoneRef.current(r, abort.signal.aborted);
        },
        (e: unknown) => {
          if (!live) return;
          clearInterval(timer);
          flush();
          setError(e instanceof Error ? e.message : String(e));
        },
      );
    return () => {
      live = false;
      clearInterval(timer);
      abort.abort();
    };
  }, [engine, run]);

  return {
    progress,
    elapsedMs,
    result,
    error,
    cancelled,
    cancel: () => {
      setCancelled(true);
      run.controller.abort();
    },
  };
}
