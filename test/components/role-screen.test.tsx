import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../components/App.js';
import { RoleScreen } from '../../components/screens/RoleScreen.js';
import { readAuthorizationDetails } from '../../src/sources/iam/index.js';
import type { RoleDetail, RoleRef } from '../../src/core/types.js';
import { cleanup, render } from '../helpers/ink.js';
import { renderScreen } from './harness.js';
import { fakeEngine, tempDir } from './support.js';

afterEach(cleanup);

// 78 real roles from cloudsplaining's example account export.
const roles = (
  await readAuthorizationDetails('test/fixtures/salesforce+cloudsplaining/examples/files/example.json')
).roles;

function mount(list: RoleDetail[] | undefined, height = 20) {
  const chosen: { role: RoleRef; detail?: RoleDetail }[] = [];
  const helps: number[] = [];
  const r = renderScreen(
    <RoleScreen
      roles={list}
      height={height}
      width={100}
      onChoose={(role, detail) => chosen.push({ role, detail })}
      onHelp={() => helps.push(1)}
    />,
  );
  return { r, chosen, helps };
}

describe('role picker', () => {
  it('lists the roles windowed, with path, last used and policy count', async () => {
    expect(roles.length).toBeGreaterThan(50);
    const { r } = mount(roles);
    const f = await r.waitFor(`${roles.length} of ${roles.length}`);
    expect(f).toMatch(/last used +policies/);
    expect(f).toMatch(new RegExp(`1–15 of ${roles.length}`));
    expect(f.split('\n').filter((l) => /^[› ] \//.test(l))).toHaveLength(15);
  });

  it('filters as you type and chooses with enter', async () => {
    const { r, chosen } = mount(roles);
    const target = roles.find((x) => x.name.length > 8)!;
    await r.type(target.name.slice(0, 8));
    await r.waitFor(`› ${target.path}${target.name}`);
    await r.press('enter');
    expect(chosen[0]?.role.arn).toBe(target.arn);
    expect(chosen[0]?.detail?.name).toBe(target.name);
  });

  it('moves with arrows, not letters, and clears the filter with esc', async () => {
    const { r, chosen } = mount(roles);
    await r.waitFor('› /');
    await r.press('down', 'down', 'pageDown', 'up');
    await r.press('enter');
    expect(chosen[0]?.role.name).toBe(roles[15]!.name);
    await r.type('zzzz');
    await r.waitFor('no role matches the filter');
    await r.press('escape');
    await r.waitFor(`${roles.length} of ${roles.length}`);
  });

  it('takes a pasted role ARN, and says why another ARN is not one', async () => {
    const { r, chosen } = mount([]);
    await r.waitFor('no roles in the sources: paste a role ARN');
    await r.paste('arn:aws:s3:::bucket');
    await r.waitFor('not an IAM role ARN');
    await r.press('enter');
    expect(chosen).toEqual([]);
    await r.press('escape');
    await r.waitFor('type to filter');
    await r.paste('arn:aws:iam::123456789012:role/service-role/lambda-exec');
    await r.waitFor('enter uses arn:aws:iam::123456789012:role/service-role/lambda-exec');
    await r.press('enter');
    expect(chosen[0]?.role).toEqual({
      arn: 'arn:aws:iam::123456789012:role/service-role/lambda-exec',
      name: 'lambda-exec',
      account: '123456789012',
      partition: 'aws',
    });
  });

  it('shows loading, then a load error in words', async () => {
    const { r } = mount(undefined);
    await r.waitFor('loading roles…');
    expect(r.frame()).not.toContain('of 0');
    const e = renderScreen(
      <RoleScreen
        roles={undefined}
        loadError="authorization-details.json: not JSON"
        height={10}
        width={80}
        onChoose={() => {}}
        onHelp={() => {}}
      />,
    );
    await e.waitFor('authorization-details.json: not JSON');
  });

  it('draws role names from files without their control sequences', async () => {
    const evil: RoleDetail = {
      arn: 'arn:aws:iam::1:role/evil',
      name: 'evil\u001b]0;pwned\u0007\u001b[2Jrole',
      path: '/',
      policies: [],
    };
    const { r } = mount([evil]);
    const f = await r.waitFor('› /evilrole');
    expect(f).not.toContain('pwned');
  });

  it('footer and ? come from the key table', async () => {
    const { r, helps } = mount(roles);
    const f = await r.waitFor('enter choose');
    expect(f).toContain('esc clear');
    expect(f).toContain('ctrl+c quit');
    expect(f).not.toContain('q quit');
    await r.type('?');
    expect(helps).toHaveLength(1);
  });
});

describe('roles listed by ListRoles (no policies, no last use yet)', () => {
  const full = roles.find((r) => r.policies.length > 0)!;
  const listed: RoleDetail = {
    arn: full.arn,
    name: full.name,
    path: full.path,
    policies: [],
    listedOnly: true,
  };

  it('show — rather than "never" and 0 policies', async () => {
    const { r } = mount([listed]);
    const f = await r.waitFor(full.name);
    const line = f.split('\n').find((l) => l.includes(full.name))!;
    expect(line).toMatch(/—\s+—\s*$/);
    expect(line).not.toContain('never');
  });

  it('are read once chosen, and the session keeps the policies', async () => {
    const sessions = tempDir();
    const asked: string[] = [];
    const engine = {
      ...fakeEngine({ roles: [listed] }),
      roleDetail: async (role: RoleRef) => {
        asked.push(role.arn);
        return full;
      },
    };
    const r = render(<App engine={engine} sessionsDir={sessions} cwd={tempDir()} color={false} />);
    await r.waitFor(full.name);
    await r.press('enter');
    await r.waitFor('Time window');
    const onDisk = () => {
      const file = readdirSync(sessions).find((f) => f.endsWith('.json'));
      return file
        ? (JSON.parse(readFileSync(path.join(sessions, file), 'utf8')) as {
            roleDetail?: RoleDetail;
          })
        : undefined;
    };
    await r.waitFor(() => (onDisk()?.roleDetail?.policies.length ?? 0) > 0);
    expect(onDisk()?.roleDetail).toMatchObject({ arn: full.arn, policies: full.policies });
    expect(onDisk()?.roleDetail?.listedOnly).toBeUndefined();
    expect(asked).toEqual([full.arn]);
  });
});
