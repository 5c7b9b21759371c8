// One input dispatcher for the whole app. Each screen, pane or modal registers a layer
// (its key table and a handler); a key goes to the topmost layer whose table has it, and a
// modal layer (a text field, an editor) swallows the keys it does not bind, so the screen
// below never sees the letters typed into it. Ctrl-C always reaches `onInterrupt`.
import { createContext, useContext, useLayoutEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useInput, type Key } from 'ink';
import { findAction, type KeyTable } from '../keys.js';

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
  isActive?: boolean;
}) {
  const { onInterrupt, isActive = true } = props;
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

  useInput(
    (input, key) => {
      if (key.ctrl && input === 'c') {
        onInterrupt();
        return;
      }
      for (const layer of ordered(layersRef.current)) {
        const action = findAction(layer.table, input, key);
        const handler = handlers.current.get(layer.id)?.current;
        if (action && handler) {
          handler.onAction(action, input, key);
          return;
        }
        if (layer.modal) {
          handler?.onText?.(input, key);
          return;
        }
      }
    },
    { isActive },
  );

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
