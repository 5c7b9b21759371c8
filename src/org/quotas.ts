// Per-account AWS quotas a sweep must respect whatever its --concurrency: they are counted
// by AWS per account (and region), so every role of an account shares one limiter.
//  - CloudTrail LookupEvents: 2 requests per second per account and region (documented).
//  - IAM Access Advisor: IAM refuses report jobs beyond a per-account number of concurrent
//    ones (ReportGenerationLimitExceeded: "the maximum number of concurrent requests for this
//    account are already running") without publishing the number, so a sweep keeps at most
//    ACCESS_ADVISOR_JOBS_PER_ACCOUNT jobs open per account (generated and not yet read).
import { Semaphore } from '../aws/concurrency.js';
import { lookupEventsLimiter, type RateLimiter } from '../aws/rate-limit.js';

export const ACCESS_ADVISOR_JOBS_PER_ACCOUNT = 2;

export interface AccountQuota {
  /** Access Advisor jobs open at once in the account. */
  accessAdvisorJobs: Semaphore;
  /** LookupEvents in one region of the account. */
  lookupEvents(region: string): RateLimiter;
}

/** One limiter set per account id, created on first use and shared by its roles. */
export class AccountQuotas {
  private readonly byAccount = new Map<string, AccountQuota>();

  constructor(private readonly accessAdvisorJobs = ACCESS_ADVISOR_JOBS_PER_ACCOUNT) {}

  of(account: string): AccountQuota {
    let q = this.byAccount.get(account);
    if (!q) {
      const regions = new Map<string, RateLimiter>();
      q = {
        accessAdvisorJobs: new Semaphore(this.accessAdvisorJobs),
        lookupEvents(region) {
          let l = regions.get(region);
          if (!l) regions.set(region, (l = lookupEventsLimiter()));
          return l;
        },
      };
      this.byAccount.set(account, q);
    }
    return q;
  }
}
