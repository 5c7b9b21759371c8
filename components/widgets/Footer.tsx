// The keys of what has the focus now, generated from the active key tables.
import { Text } from 'ink';
import { bindingKeys, TEXT_GLOBAL_KEYS, type Binding, type KeyTable } from '../keys.js';
import { useActiveLayers, type LayerInfo } from '../hooks/keyLayers.js';

/**
 * Bindings the footer shows: every layer that can receive keys now, topmost first, down to
 * the first modal one (which hides the rest, the global keys too, but Ctrl-C).
 */
export function footerBindings(layers: LayerInfo[]): Binding[] {
  const modal = layers.findIndex((l) => l.modal);
  const tables: KeyTable[] = (modal >= 0 ? layers.slice(0, modal + 1) : layers).map((l) => l.table);
  if (modal >= 0) tables.push(TEXT_GLOBAL_KEYS);
  const labels = new Set<string>();
  const taken = new Set<string>();
  const out: Binding[] = [];
  for (const table of tables) {
    // A key a higher layer binds never reaches this one: its hint would be wrong.
    for (const b of table.filter((x) => !x.footerHidden && x.keys.some((k) => !taken.has(k)))) {
      if (labels.has(b.label)) continue; // `↑ move` and `↓ move` read better as one hint
      labels.add(b.label);
      out.push(b);
    }
    for (const b of table) for (const k of b.keys) taken.add(k);
  }
  return out;
}

export function Footer() {
  const bindings = footerBindings(useActiveLayers());
  return (
    <Text wrap="wrap">
      {bindings.map((b, i) => (
        <Text key={b.action + b.label}>
          {i > 0 ? '  ' : ''}
          {/* No-break space: a hint never wraps between its key and its words. */}
          <Text bold>{bindingKeys(b)}</Text>
          {`\u00a0${b.label.replace(/ /g, '\u00a0')}`}
        </Text>
      ))}
    </Text>
  );
}
