// Help text per command. The README's command reference mirrors these.

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

Window:
  --since 7d                     the last 90m / 24h / 7d / 2w (the demo's clock for --demo)
  --start T --end T              ISO 8601 dates or times (UTC unless a zone is given)`;

export const HELP: Record<string, string> = {
  main: `iam-refine: shrink an AWS IAM role to least privilege, with a paper trail.

Usage:
  iam-refine [sources] [--role R]     interactive refiner (needs a terminal)
  iam-refine scan     [sources] --role R [--format json|terraform] [--out FILE]
  iam-refine compare  [sources] --role R | --all-roles [--report FILE|DIR]
  iam-refine sessions list | show ID | delete ID
  iam-refine resume   [ID]
  iam-refine export   ID --format json|terraform [--out FILE]

Start with the demo:  iam-refine --demo    or    iam-refine scan --demo --role notes-app-api-prod-delete-us-east-1-lambdaRole

${SOURCE_HELP}

Global options:
  --sessions-dir DIR   where sessions are kept (default: the app's data folder)
  --json               machine-readable output where a command supports it
  --no-color           no colours (NO_COLOR is honoured too)
  -h, --help           help for a command: iam-refine scan --help
  -V, --version        the version

Environment: IAM_REFINE_SESSIONS_DIR (sessions), IAM_REFINE_CONFIG_DIR (preferences),
IAM_REFINE_CLOUDTRAIL_WORKERS=N (threads reading CloudTrail files; 1 = one thread),
AWS_PROFILE, AWS_REGION, AWS_ENDPOINT_URL_* (the SDK's own settings).

Exit codes: 0 success, 1 error, 2 usage, 3 compare found excessive permissions.`,

  scan: `iam-refine scan: gather, accept every action the role successfully used, write the policy.

Usage:
  iam-refine scan [sources] --role R [--since 7d | --start T --end T]
                  [--format json|terraform] [--out FILE] [--quiet]
                  [--drop-unverified] [--strict]

  --role R             role name or ARN (names resolve through --authorization-details)
  --format F           json (default: IAM policy JSON + a Markdown document beside --out)
                       or terraform (data "aws_iam_policy_document" with rationale comments)
  --out FILE           write there (JSON also writes FILE with .md); default stdout
  --exact-resources    keep every observed generated name (default: S3 object keys of one
                       bucket become their common folder, bucket/private/*, and log
                       streams of one group log-stream:*)
  --drop-unverified    leave out the grants no source could see (default: the ones the
                       current policy grants by name or service wildcard, logs:PutLogEvents,
                       xray:Put*, are kept and marked unverified, with how to verify them)
  --strict             exit 1 when the written policy still holds \${Placeholders}
  -q, --quiet          no summary on stderr

Denied-only actions, calls that need no permission and unmapped operations are
never accepted; they are listed in the summary and the Markdown document.

${SOURCE_HELP}`,

  compare: `iam-refine compare: report the role's excessive permissions (for CI).

Usage:
  iam-refine compare [sources] --role R [--report FILE] [--markdown FILE]
  iam-refine compare [sources] --all-roles --report DIR

  --role R             role name or ARN
  --all-roles          every role in --authorization-details; one report per role in DIR
  --report FILE|DIR    write excessive_permissions.json (a DIR with --all-roles)
  --markdown FILE      a Markdown summary for CI job summaries
  --fail-on any|write  exit 3 on any excess (default) or only Write / Permissions management
  --ignore PATTERN     accepted exception, e.g. logs:* (repeatable)
  --strict             count grants no source could observe (unknown) as excess
  --json               print the report JSON on stdout instead of the table

Exit codes: 0 nothing excessive, 3 excess found, 1 error, 2 usage.

${SOURCE_HELP}`,

  sessions: `iam-refine sessions: the saved review sessions.

Usage:
  iam-refine sessions list          id, name, role, window, progress, updated
  iam-refine sessions show ID       a summary (--json for machine output)
  iam-refine sessions delete ID     remove a session (its backup too)

ID is an id prefix or a session name. --sessions-dir DIR chooses the folder.`,

  resume: `iam-refine resume: reopen a session in the interactive refiner.

Usage:
  iam-refine resume [ID]     the latest session when no ID is given

The session opens on the screen and row where it was left; no AWS call is needed.`,

  export: `iam-refine export: write a session's policy without the TUI.

Usage:
  iam-refine export ID --format json|terraform [--out FILE] [--force]
                        [--allow-placeholders] [--strict]

  --format F   json (IAM policy JSON + Markdown document beside --out) or terraform
  --out FILE   write there (default stdout); an existing file needs --force
  --allow-placeholders   write even with \${Placeholders} left unfilled (said on stderr)
  --strict     with --allow-placeholders: write, then exit 1 while placeholders are left`,
};

export function helpFor(command: string): string {
  return HELP[command] ?? HELP.main!;
}
