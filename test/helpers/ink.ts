// The one place tests touch ink-testing-library (unmaintained since 2024: keep it replaceable).
// Condition waits instead of sleeps: every wait polls the last frame until it holds or times out.
import type { ReactElement } from 'react';
import { render as inkRender, cleanup } from 'ink-testing-library';
import { stripControl } from '../../src/core/sanitize.js';

export const KEY = {
  up: '\u001b[A',
  down: '\u001b[B',
  right: '\u001b[C',
  left: '\u001b[D',
  pageUp: '\u001b[5~',
  pageDown: '\u001b[6~',
  home: '\u001b[H',
  end: '\u001b[F',
  enter: '\r',
  escape: '\u001b',
  tab: '\t',
  shiftTab: '\u001b[Z',
  backspace: '\u007f',
  space: ' ',
  ctrlC: '\u0003',
  ctrlS: '\u0013',
} as const;

export type KeyName = keyof typeof KEY;

const WAIT_MS = 5_000;

/** Two turns of the event loop: React's scheduled effects run, then what they schedule. */
async function settle(): Promise<void> {
  for (let i = 0; i < 2; i++) await new Promise((resolve) => setImmediate(resolve));
}

export interface Rendered {
  /** The last frame, control sequences removed. */
  frame(): string;
  /** The last frame as written, styles included (a cursor is an inverse cell). */
  raw(): string;
  /** Wait until the frame contains the text (or the predicate holds); returns the frame. */
  waitFor(cond: string | RegExp | ((frame: string) => boolean), timeoutMs?: number): Promise<string>;
  /** Type text one character at a time, as a person would. */
  type(text: string): Promise<void>;
  /** Paste text: one chunk, as a terminal delivers a paste. */
  paste(text: string): Promise<void>;
  press(...keys: KeyName[]): Promise<void>;
  resize(columns: number, rows: number): void;
  frames(): string[];
  unmount(): void;
}

function test(cond: string | RegExp | ((frame: string) => boolean), frame: string): boolean {
  if (typeof cond === 'string') return frame.includes(cond);
  if (cond instanceof RegExp) return cond.test(frame);
  return cond(frame);
}

export function render(tree: ReactElement, size?: { columns: number; rows: number }): Rendered {
  const r = inkRender(tree);
  // The footer keeps each hint together with no-break spaces; tests read them as spaces.
  const frame = () => stripControl(r.lastFrame() ?? '').replace(/\u00a0/g, ' ');
  const resize = (columns: number, rows: number) => {
    Object.defineProperty(r.stdout, 'columns', { value: columns, configurable: true });
    Object.defineProperty(r.stdout, 'rows', { value: rows, configurable: true });
    r.stdout.emit('resize');
  };
  // Ink holds a lone ESC until the next turn of the event loop (it may start a sequence),
  // and React runs effects (where useInput subscribes) a turn after it renders: yield after
  // each write so keys arrive as separate keypresses, to the handlers of the frame shown.
  const write = async (data: string) => {
    r.stdin.write(data);
    await settle();
  };
  if (size) resize(size.columns, size.rows);
  return {
    frame,
    raw: () => r.lastFrame() ?? '',
    async waitFor(cond, timeoutMs = WAIT_MS) {
      const until = Date.now() + timeoutMs;
      for (;;) {
        const f = frame();
        if (test(cond, f)) {
          await settle();
          return f;
        }
        if (Date.now() > until) {
          throw new Error(`timed out waiting for ${String(cond)}; last frame:\n${f}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    },
    async type(text) {
      for (const ch of text) await write(ch);
    },
    paste: write,
    async press(...keys) {
      for (const k of keys) await write(KEY[k]);
    },
    resize,
    frames: () => r.frames.map((f) => stripControl(f).replace(/\u00a0/g, ' ')),
    unmount: r.unmount,
  };
}

export { cleanup };
