import type { ServiceHandlers } from '../context.js';
import { callerOf } from '../scenario.js';

export const stsHandlers: ServiceHandlers = {
  GetCallerIdentity(_p, { scenario }) {
    const caller = callerOf(scenario);
    return { Account: scenario.account, Arn: caller.arn, UserId: caller.userId };
  },
};
