// One input dispatcher for the whole app. Each screen, pane or modal registers a layer
// (its key table and a handler); a key goes to the topmost layer whose table has it, and a
// modal layer (a text field, an editor) swallows the keys it does not bind, so the screen
// below never sees the letters typed into it. Ctrl-C always reaches `onInterrupt`.
// Input is read from Ink's event stream, not useInput: a chunk of several keys is handled
// key by key (input.ts), unknown sequences are dropped, and a handler that throws is
// reported through `onKeyError` while the tree, the session and any typed text stay.
import {
  createContext,
  useContext,
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type ReactNode,
} from 'react';
import { useStdin, type Key } from 'ink';
import { findAction, type KeyTable } from '../keys.js';
import { isText, keysOf, plainKey, type KeyPress } from '../input.js';

export type LayerLevel = 'global' | 'screen' | 'modal' | 'overlay';
const RANK: Record<LayerLevel, number> = { global: 0, screen: 1, modal: 2, overlay: 3 };

export interface LayerInfo {
  id: string;
  title: string;
  level: LayerLevel;
  table: KeyTable;
  /** Swallows unbound keys (text entry): lower layers, even the global one, see nothing. */
  modal: boolean;
  seq: number;
}

type Handler = (action: string, input: string, key: Key) => void;
type TextHandler = (input: string, key: Key) => void;
interface Handlers {
  onAction: Handler;
  onText?: TextHandler;
}

interface Registry {
  register(info: Omit<LayerInfo, 'seq'>, handlers: { current: Handlers }): () => void;
  layers: LayerInfo[];
}

const LayerContext = createContext<Registry | undefined>(undefined);

function ordered(layers: LayerInfo[]): LayerInfo[] {
  return [...layers].sort((a, b) => RANK[b.level] - RANK[a.level] || b.seq - a.seq);
}

export function KeyLayerProvider(props: {
  children: ReactNode;
  onInterrupt: () => void;
  /** A key handler threw: say so; the app, the session and typed text are kept. */
  onKeyError?: (error: unknown) => void;
  isActive?: boolean;
}) {
  const { onInterrupt, onKeyError, isActive = true } = props;
  const handlers = useRef(new Map<string, { current: Handlers }>());
  const seq = useRef(0);
  const [layers, setLayers] = useState<LayerInfo[]>([]);
  // The dispatcher reads the newest list even before React re-renders.
  const layersRef = useRef<LayerInfo[]>([]);

  const registry = useMemo<Omit<Registry, 'layers'>>(
    () => ({
      register(info, handler) {
        const layer = { ...info, seq: ++seq.current };
        handlers.current.set(info.id, handler);
        const next = [...layersRef.current.filter((l) => l.id !== info.id), layer];
        layersRef.current = next;
        setLayers(next);
        return () => {
          handlers.current.delete(info.id);
          const rest = layersRef.current.filter((l) => l !== layer);
          layersRef.current = rest;
          setLayers(rest);
        };
      },
    }),
    [],
  );

  const { setRawMode, internal_eventEmitter: events } = useStdin();
  useEffect(() => {
    if (!isActive) return undefined;
    setRawMode(true);
    return () => setRawMode(false);
  }, [isActive, setRawMode]);

  const latest = useRef({ onInterrupt, onKeyError });
  useLayoutEffect(() => {
    latest.current = { onInterrupt, onKeyError };
  });

  // After each key the next waits for the commit it caused: handlers read the state they
  // drew (a cursor at row n), so "jjj" in one chunk must meet three renders, not one.
  const [tick, setTick] = useState(0);
  const committed = useRef<(() => void) | undefined>(undefined);
  useLayoutEffect(() => {
    const done = committed.current;
    committed.current = undefined;
    done?.();
  }, [tick]);

  useEffect(() => {
    if (!isActive) return undefined;
    let alive = true;
    let running = false;
    const queue: KeyPress[] = [];
    const rendered = () =>
      new Promise<void>((resolve) => {
        committed.current = resolve;
        setTick((t) => t + 1);
      });
    type Route = { layer: string; run: () => void } | { layer: string; text?: TextHandler };
    /** Where a key goes: an action of the topmost layer that binds it, or a modal's text. */
    const route = (k: KeyPress): Route | undefined => {
      if (k.key.ctrl && k.input === 'c') return { layer: '', run: () => latest.current.onInterrupt() };
      for (const layer of ordered(layersRef.current)) {
        const action = findAction(layer.table, k.input, k.key);
        const handler = handlers.current.get(layer.id)?.current;
        if (action && handler)
          return { layer: layer.id, run: () => handler.onAction(action, k.input, k.key) };
        if (layer.modal) return { layer: layer.id, text: handler?.onText };
      }
      return undefined;
    };
    /** Handle the next key (or a run of text for one modal layer, so a paste stays fast). */
    const handleNext = () => {
      const k = queue.shift()!;
      const r = route(k);
      if (!r) return;
      let run: () => void;
      if ('run' in r) run = r.run;
      else {
        const onText = r.text;
        if (!onText) return;
        let text = k.input;
        let key = k.key;
        if (isText(k)) {
          const sameField = (next: KeyPress) => {
            const to = route(next);
            return isText(next) && to !== undefined && !('run' in to) && to.layer === r.layer;
          };
          while (queue[0] && sameField(queue[0])) {
            text += queue.shift()!.input;
            key = plainKey();
          }
        }
        run = () => onText(text, key);
      }
      try {
        run();
      } catch (e) {
        latest.current.onKeyError?.(e);
      }
    };
    const pump = async () => {
      if (running) return;
      running = true;
      try {
        while (alive && queue.length > 0) {
          handleNext();
          await rendered();
        }
      } finally {
        running = false;
      }
    };
    const onInput = (event: string) => {
      queue.push(...keysOf(event));
      void pump();
    };
    events.on('input', onInput);
    return () => {
      alive = false;
      events.removeListener('input', onInput);
      committed.current?.();
    };
  }, [isActive, events]);

  const value = useMemo(() => ({ ...registry, layers }), [registry, layers]);
  return <LayerContext.Provider value={value}>{props.children}</LayerContext.Provider>;
}

function useRegistry(): Registry {
  const r = useContext(LayerContext);
  if (!r) throw new Error('useKeys outside KeyLayerProvider');
  return r;
}

export interface UseKeysOptions<A extends string> {
  id: string;
  title: string;
  /** A constant from keys.ts: a new array each render would re-register the layer each render. */
  table: KeyTable<A>;
  onAction: (action: A, input: string, key: Key) => void;
  /** Modal layers: keys their table does not bind (typed text). */
  onText?: TextHandler;
  level?: LayerLevel;
  modal?: boolean;
  active?: boolean;
}

export function useKeys<A extends string>(opts: UseKeysOptions<A>): void {
  const { register } = useRegistry();
  const handler = useRef<Handlers>({ onAction: opts.onAction as Handler, onText: opts.onText });
  useLayoutEffect(() => {
    handler.current = { onAction: opts.onAction as Handler, onText: opts.onText };
  });
  const { id, title, table, level = 'screen', modal = false, active = true } = opts;
  // Layout effect: the layer exists before the frame that shows it can be answered.
  useLayoutEffect(() => {
    if (!active) return undefined;
    return register({ id, title, table, level, modal }, handler);
  }, [register, id, title, table, level, modal, active]);
}

/** Active layers, topmost first: what the footer and the key map show. */
export function useActiveLayers(): LayerInfo[] {
  return ordered(useRegistry().layers);
}
