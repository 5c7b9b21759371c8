// The view of a useTextField: the value with its cursor, or the placeholder when empty.
import { Text } from 'ink';
import type { TextField as Field } from '../hooks/useTextField.js';

export function TextField(props: { field: Field; placeholder?: string; focused?: boolean }) {
  const { value, cursor } = props.field;
  const focused = props.focused ?? true;
  if (!value) {
    return (
      <Text>
        {focused && <Text inverse> </Text>}
        <Text dimColor>{props.placeholder ?? ''}</Text>
      </Text>
    );
  }
  if (!focused) return <Text>{value}</Text>;
  return (
    <Text>
      {value.slice(0, cursor)}
      <Text inverse>{value[cursor] ?? ' '}</Text>
      {value.slice(cursor + 1)}
    </Text>
  );
}
