// The TUI draws AWS text without its bidi overrides, zero-width characters, C1
// controls and escape sequences.
import { afterEach, describe, expect, it } from 'vitest';
import { RoleScreen } from '../../components/screens/RoleScreen.js';
import type { RoleDetail } from '../../src/core/types.js';
import { cleanup } from '../helpers/ink.js';
import { renderScreen } from './harness.js';

afterEach(cleanup);

const HOSTILE = 'evil\u202Egpj.exe\u200B\u2066x\u2069\u0085\u009B2J\u001B]0;pwned\u0007-role';

function role(name: string, path = '/'): RoleDetail {
  return {
    arn: `arn:aws:iam::123456789012:role${path}${name}`,
    name,
    path,
    policies: [],
  } as unknown as RoleDetail;
}

describe('hostile text in the TUI', () => {
  it('the role picker shows a role name and path stripped of hidden and active text', async () => {
    const r = renderScreen(
      <RoleScreen
        roles={[role(HOSTILE, '/\u202Eapp/'), role('plain-role')]}
        height={20}
        width={100}
        onChoose={() => undefined}
        onHelp={() => undefined}
      />,
    );
    const frame = await r.waitFor('plain-role');
    expect(frame).toContain('evilgpj.exex-role');
    expect(frame).not.toMatch(/[\u202A-\u202E\u2066-\u2069\u200B-\u200F\u0080-\u009F\u0007]/);
    expect(frame).not.toContain('pwned');
  });
});
