// Help text per command. The README's command reference mirrors these.

/** One exit-code table for every command (README "Exit codes" mirrors it). */
export const EXIT_CODES = `Exit codes (every command):
  0  done; compare: no failing excess
  1  error: a requested source failed or was partial (unless --allow-partial),
     unreadable input, an AWS error, a write that failed
  2  usage: an unknown option or a bad value; the interactive refiner (or resume)
     without a terminal
  3  compare only: excessive permissions found (also with --allow-partial)`;

const PARTIAL_HELP = `  --allow-partial      write anyway when a source is partial or failed: marked partial
                       in the outputs, exit 0 (compare: 0 or 3) instead of 1`;

const SOURCE_HELP = `Sources (any mix; file flags repeat):
  --demo                         the bundled demo account (no AWS needed)
  --from DIR                     an offline account folder (authorization-details.json,
                                 xray/*.json, cloudtrail/, access-analyzer/*.json,
                                 lambda-functions.json, event-source-mappings.json)
  --authorization-details FILE   aws iam get-account-authorization-details output
  --lambda-functions FILE        aws lambda list-functions output (selects the role's traces;
                                 its functions' logging, tracing, VPC, DLQ and KMS key give
                                 the role's platform needs)
  --event-source-mappings FILE   aws lambda list-event-source-mappings output (the reads of
                                 each SQS, Kinesis or DynamoDB stream event source)
  --xray-traces FILE             aws xray batch-get-traces output, or an array of segment documents
  --cloudtrail PATH              CloudTrail log files (.json, .json.gz), a folder (walked
                                 recursively), JSON arrays of records or lookup-events output
  A FILE or PATH may be - (stdin; one flag only), a pipe such as <(zcat trail.json.gz) or
  a FIFO, read as a stream. Folders are walked following symlinks (each file read once).
  --generated-policy FILE        aws accessanalyzer get-generated-policy output
  --unused-findings FILE         aws accessanalyzer get-finding-v2 output (one or a list)
  --xray-service NAME            keep only traces with a segment of that service name
  --profile P, --region R        live AWS through the SDK's standard credential chain
  --xray-filter EXPR             X-Ray filter expression for live traces, e.g. service("orders-api")
  --analyzer-access-role ARN     the role Access Analyzer uses to read your trail (live; remembered)
  --athena-table DB.TABLE        read CloudTrail through Athena (the documented trail table)
  --athena-workgroup WG          Athena workgroup (default: primary)
  --athena-output S3URI          query result location, unless the workgroup sets one
  --athena-partition-column C    the table's 'yyyy/MM/dd' partition (default timestamp; none)
  --lake-event-data-store ID     read CloudTrail through a CloudTrail Lake event data store
                                 (its ID or ARN; not with --athena-table)
  --cloudtrail-log-group NAME    read CloudTrail delivered to CloudWatch Logs with Logs Insights
                                 (not with --athena-table or --lake-event-data-store)
  --csm-events FILE              calls recorded by iam-refine record (SDK client-side monitoring)
  --iamlive-policy FILE          the policy iamlive wrote (--output-file)

Window:
  --since 7d                     the last 90m / 24h / 7d / 2w (the demo's clock for --demo)
  --start T --end T              ISO 8601 dates or times (UTC unless a zone is given)`;

const FORMAT_HELP = `  --format F           json (default: IAM policy JSON + a Markdown document beside --out),
                       terraform (data "aws_iam_policy_document"), cloudformation (an
                       AWS::IAM::ManagedPolicy in YAML), serverless (serverless.yml's
                       provider.iam.role.statements) or cdk (TypeScript PolicyStatements);
                       every format but json carries the evidence and rationale as comments
  --portable           IaC formats: the role's account id and region (and stage) become the
                       format's references (Terraform data sources, \${AWS::AccountId},
                       \${aws:accountId}, Stack.of(scope).account); other accounts' ARNs stay
  --stage S            with --portable: names holding S as a whole word use the stage
                       variable (default: a stage word found in the role name, e.g. prod)
  --inline             cloudformation: the role's Policies entry instead of a managed policy`;

const FILL_HELP = `  --fill NAME=VALUE    the same value for every \${NAME} in the policy (repeatable)
  --fill 'NAME@ARN=VALUE'
                       the value of \${NAME} in that ARN only, as the warning writes it (the
                       part after the account, stack/web/\${Id}, or the whole ARN); it wins
                       over NAME=VALUE. Each ARN with a placeholder has its own value
  --fill-suggested     fill each ARN still open that exactly one observed ARN fits (each
                       said on stderr); without it, the warning lists the values seen per ARN`;

export const HELP: Record<string, string> = {
  main: `iam-refine: shrink an AWS IAM role to least privilege, with a paper trail.

Usage:
  iam-refine [sources] [--role R]     interactive refiner (needs a terminal)
  iam-refine scan     [sources] --role R [--format F] [--portable] [--out FILE]
  iam-refine scan     --all-roles --org | --accounts ID,ID --assume-role NAME [--out DIR]
  iam-refine compare  [sources] --role R | --all-roles [--report FILE|DIR]
  iam-refine sessions list | show ID | delete ID
  iam-refine resume   [ID]
  iam-refine export   ID --format F [--portable] [--out FILE]
  iam-refine record   [--port 31000] [--out FILE] -- COMMAND [ARGS...]
  iam-refine doctor   [--profile P] [--region R] [--role R] [--source S]
  iam-refine completion bash|zsh|fish

Start with the demo:  iam-refine --demo    or    iam-refine scan --demo --role notes-app-api-prod-delete-us-east-1-lambdaRole

${SOURCE_HELP}

Global options:
  --sessions-dir DIR   where sessions are kept (default: the app's data folder)
  --json               machine-readable output where a command supports it
  --no-color           no colours (NO_COLOR is honoured too)
  -h, --help           help for a command: iam-refine scan --help
  -V, --version        the version

Environment: IAM_REFINE_SESSIONS_DIR (sessions), IAM_REFINE_CONFIG_DIR (preferences),
IAM_REFINE_CLOUDTRAIL_WORKERS=N (threads reading CloudTrail files, at most 14; 1 = one thread),
AWS_PROFILE, AWS_REGION, AWS_ENDPOINT_URL_* (the SDK's own settings).

Each source ends ok, partial (some files, records, pages or calls failed) or failed,
with the reason and the fix; scan and compare exit 1 unless every requested source is ok.

Environment for retries: IAM_REFINE_RETRY_BUDGET_MS (all retries of a run wait at most
this long in total; default 60000).

${EXIT_CODES}`,

  scan: `iam-refine scan: gather, accept every action the role successfully used, write the policy.

Usage:
  iam-refine scan [sources] --role R [--since 7d | --start T --end T]
                  [--format F] [--portable [--stage S]] [--inline] [--out FILE] [--quiet]
                  [--drop-unverified] [--fill NAME[@ARN]=VALUE ...] [--fill-suggested] [--strict]

  --role R             role name or ARN (names resolve through --authorization-details)
${FORMAT_HELP}
  --out FILE|DIR       write there (JSON also writes FILE with .md); default stdout.
                       A folder (existing, or ending in /) gets <role>-policy.<extension>;
                       missing folders are created; the files are written all or none
  --exact-resources    keep every observed generated name (default: S3 object keys of one
                       bucket become their common folder, bucket/private/*, and log
                       streams of one group log-stream:*)
  --drop-unverified    leave out the grants no source could see (default: the ones the
                       current policy grants by name or service wildcard, logs:PutLogEvents,
                       xray:Put*, are kept and marked unverified, with how to verify them)
${FILL_HELP}
  --strict             exit 1 when the written policy still holds \${Placeholders}
  -q, --quiet          no summary on stderr
${PARTIAL_HELP}

Denied-only actions, calls that need no permission and unmapped operations are
never accepted; they are listed in the summary and the Markdown document.

Across accounts (organization sweep, the same options as compare --all-roles --org):
  iam-refine scan --all-roles --org | --accounts ID,ID|FILE --assume-role NAME
                  [--external-id X] [--role-filter F] [--xray-regions R,R] [--out DIR] [--resume]
  Writes each role's policy to DIR/ACCOUNT/ROLE.json (+ .md), DIR/summary.json and
  DIR/summary.md (DIR default: policies). Actions are accepted from X-Ray traces
  (--xray-regions); Access Advisor alone never accepts one (it counts denied attempts).
  Exit codes: 1 when any account or role failed, else 0.

${EXIT_CODES}

${SOURCE_HELP}`,

  compare: `iam-refine compare: report the role's excessive permissions (for CI).

Usage:
  iam-refine compare [sources] --role R [--report FILE] [--markdown FILE]
  iam-refine compare [sources] --all-roles --report DIR

  --role R             role name or ARN
  --all-roles          every role in --authorization-details; one report per role in DIR
  --report FILE|DIR    write excessive_permissions.json (a DIR with --all-roles)
  --markdown FILE      a Markdown summary for CI job summaries (a folder gets <role>.md)
  --fail-on any|write  exit 3 on any excess (default) or only Write / Permissions management
  --ignore PATTERN     accepted exception, e.g. logs:* (repeatable)
  --strict             count grants no source could observe (unknown) as excess
  --json               print the report JSON on stdout instead of the table
${PARTIAL_HELP}

Across accounts (organization sweep; each account read through an assumed role):
  iam-refine compare --all-roles --org --assume-role NAME [--report DIR]
  iam-refine compare --all-roles --accounts ID,ID|FILE --assume-role NAME
  --org                    the organization's ACTIVE accounts (organizations:ListAccounts)
  --accounts ID,ID|FILE    account ids, or a file with one id a line
  --assume-role NAME       the audit role in every account (README: Organization sweep)
  --external-id X          the external id its trust policy requires
  --role-filter TEXT|/PATH|tag:K=V  roles whose name contains TEXT, path starts with /PATH, or tagged K=V
  --include-service-linked also compare service-linked roles (skipped and counted by default)
  --resume                 go on from DIR/sweep-state.json: done accounts are not read again,
                           a partial account's failed roles and failed accounts are
  --concurrency N          roles compared at once overall (default 8; at most 4 per account;
                           at most 2 Access Advisor jobs open per account)
  --account-concurrency N  accounts at once (default 4)
  --athena-table DB.TABLE  CloudTrail for every account in ONE Athena query over the organization
                           trail's table (README: The Athena organization table); the estimated
                           bytes scanned and cost are shown, then asked (--athena-workgroup/-output)
  --yes                    run that query without asking (CI; without a terminal it is refused)
  --xray-regions R,R       also read X-Ray traces of each role's Lambda functions in these
                           regions, per account (e.g. us-east-1,eu-west-1)
  Writes DIR/ACCOUNT/ROLE.json, DIR/summary.json and DIR/summary.md (DIR default: reports).
  Sources: current policies, Access Advisor, unused-access findings, (--athena-table) CloudTrail
  and (--xray-regions) X-Ray; window --since (default 90d).
  Exit codes: 1 when any account or role failed (listed with the fix), else 3 on excess, else 0.

The report records each source: sources: [{id, status, reason}], and status: partial
when written with --allow-partial.

${EXIT_CODES}

${SOURCE_HELP}`,

  sessions: `iam-refine sessions: the saved review sessions.

Usage:
  iam-refine sessions list          id, name, role, window, progress, updated
  iam-refine sessions show ID       a summary (--json for machine output)
  iam-refine sessions delete ID     remove a session (its backup too)

ID is an id prefix or a session name. --sessions-dir DIR chooses the folder.

${EXIT_CODES}`,

  resume: `iam-refine resume: reopen a session in the interactive refiner.

Usage:
  iam-refine resume [ID]     the latest session when no ID is given
  --take-over                write the session from here even though another
                             iam-refine has it open (that one becomes read-only)

The session opens on the screen and row where it was left; no AWS call is needed.
One process writes a session at a time: while another iam-refine has it open, it
opens read-only (you can look around; changes are refused) and says how to take over.

${EXIT_CODES}`,

  doctor: `iam-refine doctor: a read-only preflight of what this account can give.

Usage:
  iam-refine doctor [--profile P] [--region R] [--role R] [--source S]...
  iam-refine doctor --org|--accounts ID,ID --athena-table DB.TABLE [--since 90d]

Shows who the caller is (sts:GetCallerIdentity) and which of the tool's actions it may
use (iam:SimulatePrincipalPolicy on the caller's role or user, with the statements of
docs/tool-policy.json), then checks each source:
  cloudtrail        a trail covers the region, is logging, logs management and data
                    events; where its logs are (or the --lake-event-data-store /
                    --athena-table store)
  xray              the role's Lambda functions have active tracing; traces exist in
                    the last 24 hours (for --xray-filter, or the account without --role)
  access-analyzer   policy generation: the access role exists and trusts
                    access-analyzer.amazonaws.com, and a trail is there to read
  unused-findings   an unused-access analyzer exists
Each line says ok, missing, denied (a permission of the tool) or error, with the exact
fix: the console page, the CLI command, or the policy statement to add.

  --role R             the role to refine (name or ARN): its Lambda functions are checked
  --source S           check only these sources (repeatable or comma-separated;
                       default all)
  --xray-filter EXPR, --analyzer-access-role ARN, --athena-* , --lake-event-data-store ID
                       as for scan: check what scan would read
  --org, --accounts ID,ID|FILE
                       with --athena-table: check the organization trail's table a sweep
                       reads instead (compare|scan --all-roles): readable, account and day
                       partitions, one S3 folder per account, the S3 location listable,
                       and how many of the accounts have log files in the window; --org
                       lists the ACTIVE accounts (organizations:ListAccounts). Only reads:
                       no query runs
  --since D, --start T, --end T
                       that check's window (default 90d, as the sweep)
  --json               the report as JSON

Exit codes: 0 every source asked for can work, 1 otherwise, 2 usage.`,

  completion: `iam-refine completion: shell completion for commands, options, --format values
and session ids.

Usage:
  iam-refine completion bash|zsh|fish

Install:
  bash  iam-refine completion bash > ~/.local/share/bash-completion/completions/iam-refine
        (or add  source <(iam-refine completion bash)  to ~/.bashrc)
  zsh   iam-refine completion zsh > "\${fpath[1]}/_iam-refine"   then restart zsh
        (or add  source <(iam-refine completion zsh)  to ~/.zshrc, after compinit)
  fish  iam-refine completion fish > ~/.config/fish/completions/iam-refine.fish`,

  export: `iam-refine export: write a session's policy without the TUI.

Usage:
  iam-refine export ID [--format F] [--portable [--stage S]] [--inline] [--out FILE] [--force]
                       [--fill NAME[@ARN]=VALUE ...] [--fill-suggested] [--allow-placeholders] [--strict]

${FORMAT_HELP}
  --out FILE|DIR       write there (default stdout); an existing file needs --force. A folder
                       (existing, or ending in /) gets <role>-policy.<extension>; all or none
${FILL_HELP}
                       (over the session's own fills; the session file is not changed)
  --allow-placeholders write even with \${Placeholders} left unfilled (said on stderr)
  --strict             with --allow-placeholders: write, then exit 1 while placeholders are left

${EXIT_CODES}`,
};

HELP.record = `iam-refine record: run a command and record the AWS calls its SDK makes.

Usage:
  iam-refine record [--port 31000] [--out FILE] -- COMMAND [ARGS...]

  --port N     UDP port on 127.0.0.1 to listen on (default 31000; checked free first)
  --out FILE   the recording (default csm-events-<time>.json); scan it with --csm-events FILE

The command runs with AWS_CSM_ENABLED=true, AWS_CSM_PORT and AWS_CSM_HOST=127.0.0.1, so an
SDK with client-side monitoring (botocore: boto3 and the AWS CLI; per AWS, Go v1, Java v1,
JavaScript v2, .NET, PHP, Ruby) reports every call. JavaScript v3 and Java v2 do not: use
X-Ray or CloudTrail for those. Kept per call: service, API, region, the caller's access key
id, the outcome and a count; never a secret or session token. CSM names no resources, so
the policy gets ARN templates to fill. Exit code: the command's own.`;

export function helpFor(command: string): string {
  return HELP[command] ?? HELP.main!;
}
