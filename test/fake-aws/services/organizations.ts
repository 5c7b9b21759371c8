// AWS Organizations (JSON 1.1): ListAccounts from the management account, paged like AWS
// (at most 20 a page). A member account's credentials are refused, as in AWS.
import type { ServiceHandlers } from '../context.js';
import { clampInt, page } from '../paging.js';
import { FakeAwsError } from '../protocols.js';
import { partitionOf } from '../scenario.js';

export const organizationsHandlers: ServiceHandlers = {
  ListAccounts(p, { scenario, root }) {
    if (root && scenario !== root)
      throw new FakeAwsError(
        400,
        'AccessDeniedException',
        'You don’t have permissions to access this resource: call ListAccounts from the management account.',
      );
    const accounts =
      scenario.organizationAccounts ??
      [scenario, ...(scenario.members ?? [])].map((s) => ({ Id: s.account, Name: `account-${s.account}` }));
    const size = clampInt(p.MaxResults, 20, 1, 20, 'MaxResults');
    const pg = page(accounts, p.NextToken, size, { op: 'ListAccounts' });
    const org = 'o-exampleorgid';
    return {
      Accounts: pg.items.map((a) => {
        const state = 'State' in a && a.State ? a.State : 'ACTIVE';
        return {
          Id: a.Id,
          Arn: `arn:${partitionOf(scenario)}:organizations::${scenario.account}:account/${org}/${a.Id}`,
          Email: `aws+${a.Id}@example.com`,
          Name: a.Name,
          // Status is deprecated for State; AWS still sends both.
          State: state,
          Status: state === 'ACTIVE' ? 'ACTIVE' : 'SUSPENDED',
          JoinedMethod: 'CREATED',
          JoinedTimestamp: 1_700_000_000,
        };
      }),
      NextToken: pg.next,
    };
  },
};
