// Terminal size, following resizes. Below 80 columns the review drops its detail pane.
import { useEffect, useState } from 'react';
import { useStdout } from 'ink';

export interface Layout {
  columns: number;
  rows: number;
  /** Too narrow for side-by-side panes. */
  narrow: boolean;
}

export const NARROW_BELOW = 80;

export function layoutOf(columns: number | undefined, rows: number | undefined): Layout {
  const c = columns && columns > 0 ? columns : 80;
  const r = rows && rows > 0 ? rows : Number(process.env.LINES) || 24;
  return { columns: c, rows: r, narrow: c < NARROW_BELOW };
}

export function useLayout(): Layout {
  const { stdout } = useStdout();
  const [layout, setLayout] = useState(() => layoutOf(stdout.columns, stdout.rows));
  useEffect(() => {
    const onResize = () => setLayout(layoutOf(stdout.columns, stdout.rows));
    stdout.on('resize', onResize);
    return () => {
      stdout.off('resize', onResize);
    };
  }, [stdout]);
  return layout;
}
