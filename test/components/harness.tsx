// A screen alone, as the App hosts it: colour off, the key dispatcher, the footer.
import type { ReactNode } from 'react';
import { Box } from 'ink';
import { KeyLayerProvider } from '../../components/hooks/keyLayers.js';
import { ColorProvider } from '../../components/theme.js';
import { Footer } from '../../components/widgets/Footer.js';
import { render } from '../helpers/ink.js';

export function renderScreen(node: ReactNode, size?: { columns: number; rows: number }) {
  const interrupts: number[] = [];
  const r = render(
    <ColorProvider color={false}>
      <KeyLayerProvider onInterrupt={() => interrupts.push(Date.now())}>
        <Box flexDirection="column">
          {node}
          <Footer />
        </Box>
      </KeyLayerProvider>
    </ColorProvider>,
    size,
  );
  return Object.assign(r, { interrupts });
}
