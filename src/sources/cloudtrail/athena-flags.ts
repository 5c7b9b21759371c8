// --athena-table / --athena-workgroup / --athena-output / --athena-partition-column →
// the Athena settings of the live CloudTrail source, checked before any AWS call.
import { usageError } from '../../core/errors.js';
import { str, type Values } from '../../cli-args.js';
import type { AthenaSettings } from './athena.js';
import { sqlTable } from './athena-sql.js';

export function athenaFromFlags(values: Values): AthenaSettings | undefined {
  const table = str(values, 'athena-table');
  const workgroup = str(values, 'athena-workgroup');
  const output = str(values, 'athena-output');
  const partitionColumn = str(values, 'athena-partition-column');
  if (!table) {
    if (workgroup || output || partitionColumn !== undefined) {
      throw usageError(
        '--athena-workgroup, --athena-output and --athena-partition-column need --athena-table',
        'Name the CloudTrail table: --athena-table cloudtrail_logs.events (README: CloudTrail through Athena).',
      );
    }
    return undefined;
  }
  sqlTable(table); // Fails now, with the flag named, rather than after the query starts.
  if (output && !/^s3:\/\/[^/]+/.test(output)) {
    throw usageError(
      `--athena-output ${output} is not an S3 location`,
      'Give s3://bucket/prefix/ (or leave it out when the workgroup sets a result location).',
    );
  }
  return {
    table,
    workgroup,
    output,
    // "none": the table has no day partition (every query scans the whole table).
    partitionColumn: partitionColumn === 'none' ? '' : partitionColumn,
  };
}
