// Colour is an explicit setting (NO_COLOR turns it off): Ink's colour library ignores NO_COLOR,
// so every coloured element asks `useColor` and the @inkjs/ui theme is stripped of colours.
import { createContext, useContext, type ReactNode } from 'react';
import { defaultTheme, extendTheme, ThemeProvider } from '@inkjs/ui';

export type ColorName = 'green' | 'red' | 'yellow' | 'cyan' | 'magenta' | 'blue' | 'gray';

const ColorContext = createContext(true);

/** NO_COLOR (https://no-color.org): present and not empty means no colour. */
export function colorEnabled(env: NodeJS.ProcessEnv): boolean {
  return !env.NO_COLOR;
}

const monochrome = extendTheme(defaultTheme, {
  components: {
    ProgressBar: { styles: { completed: () => ({}) } },
    Spinner: { styles: { frame: () => ({}) } },
  },
});

export function ColorProvider(props: { color: boolean; children: ReactNode }) {
  return (
    <ColorContext.Provider value={props.color}>
      <ThemeProvider theme={props.color ? defaultTheme : monochrome}>{props.children}</ThemeProvider>
    </ColorContext.Provider>
  );
}

/** `color(name)` gives the colour to pass to <Text color>, or undefined without colour. */
export function useColor(): (name: ColorName) => ColorName | undefined {
  const on = useContext(ColorContext);
  return (name) => (on ? name : undefined);
}
